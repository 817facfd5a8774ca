import { inviteCreatedResponseSchema, inviteMemberRequestSchema } from '@prixagent/contracts';
import { Button, ContractFormView, InviteLinkNotice, SelectField, SubmitButton, TextField, apiCall, formatDateTime, useContractForm, useI18n } from '@prixagent/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { teamQuery } from '../queries';
import { api } from '../session';
import type { InvitableRole } from './team-rules';

type InviteCreated = z.infer<typeof inviteCreatedResponseSchema>;

/**
 * Invites a person by email. No email is sent: the dialog shows the single-use
 * link (built by the API from CLIENT_APP_URL) for the inviter to pass on. It
 * lives in this component's memory only, and is gone when the dialog closes.
 */
export function InviteMemberForm({ roles, onDone }: { roles: readonly InvitableRole[]; onDone: () => void }) {
  const { t, lang } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<InviteCreated | null>(null);
  const contract = useContractForm({
    schema: inviteMemberRequestSchema,
    defaultValues: { email: '', role: 'member' },
    submit: (body) => apiCall(api.POST('/api/v1/team/invites', { body }), inviteCreatedResponseSchema),
    onSuccess: (answer) => {
      setCreated(answer);
      contract.form.reset();
      void queryClient.invalidateQueries({ queryKey: teamQuery.queryKey });
    },
    successMessage: false,
  });

  if (created) {
    return (
      <InviteLinkNotice
        sentence={t('team.inviteCreated', { email: created.email, date: formatDateTime(lang, created.expiresAt) })}
        linkLabel={t('team.inviteLink')}
        url={created.url}
      >
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => setCreated(null)}>
            {t('team.inviteAnother')}
          </Button>
          <Button onClick={onDone}>{t('team.inviteDone')}</Button>
        </div>
      </InviteLinkNotice>
    );
  }

  return (
    <ContractFormView contract={contract}>
      <p className="text-sm text-muted-foreground">{t('team.inviteIntro')}</p>
      <TextField form={contract.form} name="email" type="email" label={t('team.inviteEmail')} autoComplete="off" technical />
      {roles.length > 1 ? (
        <SelectField
          form={contract.form}
          name="role"
          label={t('team.inviteRole')}
          hint={t('team.inviteRoleHint')}
          options={roles.map((value) => ({ value, label: t(`role.${value}`) }))}
        />
      ) : null}
      <SubmitButton contract={contract} pendingLabel={t('team.inviteSubmitting')} className="w-fit">
        {t('team.inviteSubmit')}
      </SubmitButton>
    </ContractFormView>
  );
}
