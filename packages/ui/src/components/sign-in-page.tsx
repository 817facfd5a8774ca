import type { LoginRequest } from '@prixagent/contracts';
import { Navigate, useSearchParams } from 'react-router';
import { describeError } from '../api/api-error.js';
import { safeNext } from '../auth/safe-next.js';
import { useSession } from '../auth/session-provider.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { ErrorAlert } from './error-alert.js';
import { Loading } from './loading.js';
import { SignInForm } from './sign-in-form.js';
import { usePageTitle } from './use-page-title.js';

export interface SignInPageProps {
  title: string;
  intro?: string;
  onSignIn: (credentials: LoginRequest) => Promise<void>;
}

export function SignInPage({ title, intro, onSignIn }: SignInPageProps) {
  const { t } = useI18n();
  const { status, error } = useSession();
  const [params] = useSearchParams();
  usePageTitle(title);

  // Signed in (just now, or restored from the cookie): on to where the person was going.
  if (status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <section className="px-card px-card--narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{title}</h1>
      {intro ? <p>{intro}</p> : null}
      {status === 'restoring' ? (
        <Loading />
      ) : (
        <>
          {error ? (
            <ErrorAlert>
              <p>{describeError(error, t)}</p>
            </ErrorAlert>
          ) : null}
          <SignInForm onSubmit={onSignIn} />
        </>
      )}
    </section>
  );
}
