import { loginRequestSchema, type LoginRequest } from '@prixagent/contracts';
import { Navigate, useSearchParams } from 'react-router';
import { safeNext } from '../auth/safe-next.js';
import { useSession } from '../auth/session-provider.js';
import { signedOutReasonKey } from '../auth/signed-out-reason.js';
import { Alert, AlertDescription } from '../primitives/alert.js';
import { InfoIcon } from 'lucide-react';
import { ContractFormView, FailureAlert, SubmitButton, TextField } from '../forms/form-view.js';
import { useContractForm } from '../forms/use-contract-form.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { Card } from '../primitives/card.js';
import { Loading } from './loading.js';
import { usePageTitle } from './use-page-title.js';

export interface SignInPageProps {
  title: string;
  intro?: string;
  onSignIn: (credentials: LoginRequest) => Promise<void>;
}

function SignInForm({ onSignIn }: { onSignIn: SignInPageProps['onSignIn'] }) {
  const { t } = useI18n();
  const contract = useContractForm({
    schema: loginRequestSchema,
    defaultValues: { email: '', password: '' },
    submit: onSignIn,
    // Success moves on to the page the person wanted: that is the confirmation.
    successMessage: false,
  });
  return (
    <ContractFormView contract={contract}>
      <TextField form={contract.form} name="email" type="email" label={t('signIn.email')} autoComplete="username" technical />
      <TextField form={contract.form} name="password" type="password" label={t('signIn.password')} autoComplete="current-password" />
      <SubmitButton contract={contract} pendingLabel={t('signIn.submitting')} className="w-full">
        {t('signIn.submit')}
      </SubmitButton>
    </ContractFormView>
  );
}

export function SignInPage({ title, intro, onSignIn }: SignInPageProps) {
  const { t } = useI18n();
  const { status, error, signedOutReason } = useSession();
  const reason = signedOutReasonKey(signedOutReason);
  const [params] = useSearchParams();
  usePageTitle(title);

  // Signed in (just now, or restored from the cookie): on to where the person was going.
  if (status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <Card className="mx-auto w-full max-w-md" aria-labelledby="sign-in-title">
      <div className="grid gap-1">
        <h1 id="sign-in-title" className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        {intro ? <p className="text-sm text-muted-foreground">{intro}</p> : null}
      </div>
      {status === 'restoring' ? (
        <Loading />
      ) : (
        <>
          {/* Why the last session ended (removed, suspended, password changed elsewhere), said once. */}
          {reason ? (
            <Alert variant="warning" role="status">
              <InfoIcon aria-hidden="true" />
              <AlertDescription>
                <p>{t(reason)}</p>
              </AlertDescription>
            </Alert>
          ) : error ? (
            <FailureAlert error={error} />
          ) : null}
          <SignInForm onSignIn={onSignIn} />
        </>
      )}
    </Card>
  );
}
