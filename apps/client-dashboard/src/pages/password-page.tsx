import { changePasswordRequestSchema, tokenResponseSchema } from '@prixagent/contracts';
import { Card, ContractFormView, PageHeader, SubmitButton, TextField, apiCall, useContractForm, useI18n, useSession, useSessionStore, withPasswordConfirmation } from '@prixagent/ui';
import { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { api } from '../session';

const schema = withPasswordConfirmation(changePasswordRequestSchema.extend({ confirm: z.string() }), 'newPassword');

/**
 * Changing the password ends every session of this user at once, on every
 * device; the API answers this one a fresh session, which takes over here. The
 * hidden email field lets a password manager store the new password under the
 * right login.
 */
export function PasswordPage() {
  const { t } = useI18n<MessageKey>();
  const { user } = useSession();
  const session = useSessionStore();
  const contract = useContractForm({
    schema,
    defaultValues: { currentPassword: '', newPassword: '', confirm: '' },
    submit: ({ currentPassword, newPassword }) => apiCall(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }), tokenResponseSchema),
    onSuccess: (tokens) => {
      session.signIn(tokens);
      contract.form.reset();
    },
    successMessage: t('password.changed'),
  });
  return (
    <>
      <PageHeader title={t('password.title')} description={t('password.intro')} />
      <Card className="max-w-xl">
        <ContractFormView contract={contract}>
          <input type="email" name="username" autoComplete="username" value={user?.email ?? ''} readOnly hidden />
          <TextField form={contract.form} name="currentPassword" type="password" label={t('password.current')} autoComplete="current-password" />
          <TextField form={contract.form} name="newPassword" type="password" label={t('password.new')} hint={t('acceptInvite.passwordHint')} autoComplete="new-password" />
          <TextField form={contract.form} name="confirm" type="password" label={t('password.confirm')} autoComplete="new-password" />
          <SubmitButton contract={contract} pendingLabel={t('password.changing')} className="w-fit">
            {t('password.submit')}
          </SubmitButton>
        </ContractFormView>
      </Card>
    </>
  );
}
