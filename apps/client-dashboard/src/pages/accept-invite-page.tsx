import { acceptInviteRequestSchema, type InspectInviteResponse } from '@prixagent/contracts';
import {
  Alert,
  AlertDescription,
  ApiError,
  Button,
  Card,
  ContractFormView,
  Loading,
  ReadOnlyField,
  RequestError,
  SubmitButton,
  TextField,
  describeError,
  useContractForm,
  useI18n,
  usePageTitle,
  useSession,
  useSessionStore,
  withPasswordConfirmation,
} from '@prixagent/ui';
import { useQueryClient } from '@tanstack/react-query';
import { CircleAlertIcon } from 'lucide-react';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { acceptInvite } from '../session';
import { inviteTokenFromHash, isWellFormedInviteToken } from './invite-fragment';
import { useInviteInspection } from './invite-inspection';
import { isFinalRefusal, isLinkRefused } from './invite-refusal';

const schema = withPasswordConfirmation(acceptInviteRequestSchema.omit({ token: true }).extend({ confirm: z.string() }), 'password');

function Frame({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <Card className="mx-auto w-full max-w-lg" aria-labelledby="accept-invite-title">
      <h1 id="accept-invite-title" className="text-2xl font-semibold tracking-tight">
        {title}
      </h1>
      {children}
    </Card>
  );
}

function InviteUnusable({ message }: { message: string }) {
  const { t } = useI18n<MessageKey>();
  return (
    <Frame title={t('acceptInvite.unusableTitle')}>
      <Alert variant="destructive" role="alert">
        <CircleAlertIcon aria-hidden="true" />
        <AlertDescription>
          <p>{message}</p>
        </AlertDescription>
      </Alert>
      <Button asChild variant="outline" className="w-fit">
        <Link to="/sign-in">{t('acceptInvite.signInInstead')}</Link>
      </Button>
    </Frame>
  );
}

function AcceptForm({ token, invite, onAccepting }: { token: string; invite: InspectInviteResponse; onAccepting: () => void }) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const contract = useContractForm({
    schema,
    defaultValues: { name: '', password: '', confirm: '' },
    submit: async ({ name, password }) => {
      onAccepting();
      // Whoever arrives starts from an empty cache.
      queryClient.clear();
      await acceptInvite({ token, name, password });
    },
    // Signing in moves on to the workspace: that is the confirmation.
    successMessage: false,
  });
  const failure = contract.failure;
  if (isLinkRefused(failure)) return <InviteUnusable message={t('error.inviteInvalid')} />;
  return (
    <ContractFormView contract={contract}>
      {/* Read-only, but in the form: a password manager saves the new password under this address. */}
      <ReadOnlyField label={t('acceptInvite.email')} type="email" autoComplete="username" value={invite.email} />
      <TextField form={contract.form} name="name" label={t('acceptInvite.name')} autoComplete="name" />
      <TextField form={contract.form} name="password" type="password" label={t('acceptInvite.password')} hint={t('acceptInvite.passwordHint')} autoComplete="new-password" />
      <TextField form={contract.form} name="confirm" type="password" label={t('acceptInvite.confirm')} autoComplete="new-password" />
      {failure instanceof ApiError && failure.code === 'email_in_use' ? (
        <Button asChild variant="link" className="h-auto w-fit p-0">
          <Link to="/sign-in">{t('acceptInvite.signInInstead')}</Link>
        </Button>
      ) : null}
      <SubmitButton contract={contract} pendingLabel={t('acceptInvite.submitting')} className="w-full">
        {t('acceptInvite.submit')}
      </SubmitButton>
    </ContractFormView>
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
  const location = useLocation();
  const navigate = useNavigate();
  const session = useSessionStore();
  const { status, user } = useSession();
  const queryClient = useQueryClient();
  // Read once, then held in memory only while the page is open.
  const [token] = useState(() => inviteTokenFromHash(location.hash));
  const wellFormed = token !== null && isWellFormedInviteToken(token);
  const { inspection, retry } = useInviteInspection(wellFormed ? token : null);
  const [accepting, setAccepting] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    // Out of the address bar (the router replaces the entry with history.replaceState),
    // so the token is not left in the history, a bookmark, or a screenshot of the URL.
    if (location.hash) void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  // Signed in by this page's own request (the session changes before the request's promise settles): home.
  if (status === 'signed-in' && accepting) return <Navigate to="/" replace />;

  async function signOutFirst() {
    setSigningOut(true);
    await session.signOut();
    queryClient.clear();
    setSigningOut(false);
  }

  if (!token || !wellFormed) return <InviteUnusable message={t('acceptInvite.noToken')} />;
  if (inspection.state === 'failed' && isLinkRefused(inspection.error)) return <InviteUnusable message={t('error.inviteInvalid')} />;
  // The account is inactive or the email already has a user: said before anything is typed.
  if (inspection.state === 'failed' && isFinalRefusal(inspection.error)) return <InviteUnusable message={describeError(inspection.error, t)} />;
  if (inspection.state === 'failed') {
    return (
      <Frame title={t('acceptInvite.title')}>
        <RequestError error={inspection.error} onRetry={retry} />
      </Frame>
    );
  }
  if (inspection.state === 'pending' || status === 'restoring') {
    return (
      <Frame title={t('acceptInvite.title')}>
        <Loading />
      </Frame>
    );
  }
  const invitedTo = (
    <p className="text-sm">
      {t('acceptInvite.invitedTo', { account: inspection.invite.accountName, email: inspection.invite.email, role: t(`role.${inspection.invite.role}`) })}
    </p>
  );
  if (status === 'signed-in' && !accepting) {
    // Accepting sets a new session cookie over the current one; the current
    // session is ended properly first, on purpose, rather than silently replaced.
    return (
      <Frame title={t('acceptInvite.title')}>
        {invitedTo}
        <p className="text-sm text-muted-foreground">{t('acceptInvite.signedInAs', { email: user?.email ?? '' })}</p>
        <div className="flex flex-wrap gap-2">
          <Button disabled={signingOut} onClick={() => void signOutFirst()}>
            {t('acceptInvite.signOutAndContinue')}
          </Button>
          <Button asChild variant="outline">
            <Link to="/">{t('acceptInvite.goToWorkspace')}</Link>
          </Button>
        </div>
      </Frame>
    );
  }
  return (
    <Frame title={t('acceptInvite.title')}>
      {invitedTo}
      <p className="text-sm text-muted-foreground">{t('acceptInvite.intro')}</p>
      <AcceptForm token={token} invite={inspection.invite} onAccepting={() => setAccepting(true)} />
    </Frame>
  );
}
