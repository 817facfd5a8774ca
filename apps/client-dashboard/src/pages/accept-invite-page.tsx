import { acceptInviteRequestSchema } from '@prixagent/contracts';
import {
  ApiError,
  ErrorAlert,
  Loading,
  RequestError,
  TextField,
  apiFieldMessages,
  describeError,
  useI18n,
  usePageTitle,
  useSession,
  useSessionStore,
  validateForm,
  type FieldMessage,
} from '@prixagent/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import type { MessageKey } from '../i18n/messages';
import { acceptInvite } from '../session';
import { inviteTokenFromHash, isWellFormedInviteToken } from './invite-fragment';
import { useInviteInspection } from './invite-inspection';
import { isFinalRefusal, isLinkRefused } from './invite-refusal';

type Field = 'name' | 'password' | 'confirm';
const FIELDS: readonly Field[] = ['name', 'password', 'confirm'];

function InviteUnusable({ message }: { message: string }) {
  const { t } = useI18n<MessageKey>();
  return (
    <>
      <h1 id="accept-invite-title">{t('acceptInvite.unusableTitle')}</h1>
      <ErrorAlert>
        <p>{message}</p>
      </ErrorAlert>
      <p>
        <Link to="/sign-in">{t('acceptInvite.signInInstead')}</Link>
      </p>
    </>
  );
}

/**
 * Where an invite link lands (`/accept-invite#token=…`): the page first asks
 * the API what the invite is for (account, email, role) and says at once when
 * it cannot be used; otherwise the invited person picks a name and a password
 * and is signed in as the new user.
 */
export function AcceptInvitePage() {
  const { t } = useI18n<MessageKey>();
  usePageTitle(t('acceptInvite.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSessionStore();
  const { status, user } = useSession();
  const queryClient = useQueryClient();

  // Read once, then held in memory only while the page is open.
  const [token] = useState(() => inviteTokenFromHash(location.hash));
  const wellFormed = token !== null && isWellFormedInviteToken(token);
  const { inspection, retry } = useInviteInspection(wellFormed ? token : null);
  useEffect(() => {
    // Out of the address bar (the router replaces the entry with history.replaceState),
    // so the token is not left in the history, a bookmark, or a screenshot of the URL.
    if (location.hash) void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  const [values, setValues] = useState<Record<Field, string>>({ name: '', password: '', confirm: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, FieldMessage>>>({});
  // Kept as the error itself, so its text follows a language switch.
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const inputs = { name: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };

  // Signed in by this page's own request (the session changes before the request's promise settles): home.
  if (status === 'signed-in' && pending) return <Navigate to="/" replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !token) return;
    const checked = validateForm(acceptInviteRequestSchema, { token, name: values.name, password: values.password });
    const errors: Partial<Record<Field, FieldMessage>> = checked.ok ? {} : { ...checked.errors };
    if (!errors.password && values.confirm !== values.password) errors.confirm = { key: 'field.passwordMismatch' };
    if (!checked.ok || Object.keys(errors).length > 0) {
      setFailure(null);
      setFieldErrors(errors);
      const first = FIELDS.find((f) => f in errors);
      if (first) inputs[first].current?.focus();
      return;
    }
    setFieldErrors({});
    setFailure(null);
    setPending(true);
    try {
      // Whoever arrives starts from an empty cache.
      queryClient.clear();
      await acceptInvite(checked.data);
    } catch (error) {
      setFailure(error);
      setFieldErrors(apiFieldMessages(error));
      setPending(false);
    }
  }

  async function signOutFirst() {
    setSigningOut(true);
    await session.signOut();
    queryClient.clear();
    setSigningOut(false);
  }

  const invitedTo =
    inspection.state === 'usable' ? (
      <p>
        {t('acceptInvite.invitedTo', { account: inspection.invite.accountName, email: inspection.invite.email, role: t(`role.${inspection.invite.role}`) })}
      </p>
    ) : null;

  let content;
  if (!token || !wellFormed) {
    content = <InviteUnusable message={t('acceptInvite.noToken')} />;
  } else if (isLinkRefused(failure) || (inspection.state === 'failed' && isLinkRefused(inspection.error))) {
    content = <InviteUnusable message={t('error.inviteInvalid')} />;
  } else if (inspection.state === 'failed' && isFinalRefusal(inspection.error)) {
    // The account is inactive or the email already has a user: said before anything is typed.
    content = <InviteUnusable message={describeError(inspection.error, t)} />;
  } else if (inspection.state === 'failed') {
    content = (
      <>
        <h1 id="accept-invite-title">{t('acceptInvite.title')}</h1>
        <RequestError error={inspection.error} onRetry={retry} />
      </>
    );
  } else if (inspection.state === 'pending' || status === 'restoring') {
    content = (
      <>
        <h1 id="accept-invite-title">{t('acceptInvite.title')}</h1>
        <Loading />
      </>
    );
  } else if (status === 'signed-in') {
    // Accepting sets a new session cookie over the current one; the current
    // session is ended properly first, on purpose, rather than silently replaced.
    content = (
      <>
        <h1 id="accept-invite-title">{t('acceptInvite.title')}</h1>
        {invitedTo}
        <p>{t('acceptInvite.signedInAs', { email: user?.email ?? '' })}</p>
        <div className="px-actions">
          <button type="button" className="px-button" disabled={signingOut} onClick={() => void signOutFirst()}>
            {t('acceptInvite.signOutAndContinue')}
          </button>
          <Link to="/">{t('acceptInvite.goToWorkspace')}</Link>
        </div>
      </>
    );
  } else {
    content = (
      <>
        <h1 id="accept-invite-title">{t('acceptInvite.title')}</h1>
        {invitedTo}
        <p>{t('acceptInvite.intro')}</p>
        <form className="px-form" noValidate onSubmit={(e) => void submit(e)}>
          {failure ? (
            <ErrorAlert>
              <p>{describeError(failure, t)}</p>
              {failure instanceof ApiError && failure.code === 'email_in_use' ? (
                <p>
                  <Link to="/sign-in">{t('acceptInvite.signInInstead')}</Link>
                </p>
              ) : null}
            </ErrorAlert>
          ) : null}
          {/* Read-only, but in the form: a password manager saves the new password under this address. */}
          <TextField
            name="email"
            type="email"
            label={t('acceptInvite.email')}
            autoComplete="username"
            readOnly
            value={inspection.invite.email}
          />
          <TextField
            name="name"
            label={t('acceptInvite.name')}
            autoComplete="name"
            value={values.name}
            onChange={(name) => setValues((v) => ({ ...v, name }))}
            error={fieldErrors.name}
            inputRef={inputs.name}
          />
          <TextField
            name="password"
            type="password"
            label={t('acceptInvite.password')}
            hint={t('acceptInvite.passwordHint')}
            autoComplete="new-password"
            value={values.password}
            onChange={(password) => setValues((v) => ({ ...v, password }))}
            error={fieldErrors.password}
            inputRef={inputs.password}
          />
          <TextField
            name="confirm"
            type="password"
            label={t('acceptInvite.confirm')}
            autoComplete="new-password"
            value={values.confirm}
            onChange={(confirm) => setValues((v) => ({ ...v, confirm }))}
            error={fieldErrors.confirm}
            inputRef={inputs.confirm}
          />
          <button type="submit" className="px-button" disabled={pending}>
            {pending ? t('acceptInvite.submitting') : t('acceptInvite.submit')}
          </button>
        </form>
      </>
    );
  }

  return (
    <section className="px-card px-card--narrow" aria-labelledby="accept-invite-title">
      {content}
    </section>
  );
}
