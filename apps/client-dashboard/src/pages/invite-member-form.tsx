import { inviteCreatedResponseSchema, inviteMemberRequestSchema, type InviteMemberRequest } from '@prixagent/contracts';
import {
  ErrorAlert,
  InviteLinkNotice,
  SelectField,
  TextField,
  apiCall,
  apiFieldMessages,
  describeError,
  formatDateTime,
  useI18n,
  validateForm,
  type FieldMessage,
} from '@prixagent/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { teamQuery } from '../queries';
import { api } from '../session';
import type { InvitableRole } from './team-rules';

type InviteCreated = z.infer<typeof inviteCreatedResponseSchema>;

/**
 * Invites a person by email. No email is sent: the page shows the single-use
 * link (built by the API from CLIENT_APP_URL) for the inviter to pass on. It
 * lives in this component's memory only, and is gone when the page is left.
 */
export function InviteMemberForm({ roles }: { roles: readonly InvitableRole[] }) {
  const { t, lang } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<InvitableRole>('member');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'email' | 'role', FieldMessage>>>({});
  const [created, setCreated] = useState<InviteCreated | null>(null);
  const emailInput = useRef<HTMLInputElement>(null);

  const invite = useMutation({
    mutationFn: (body: InviteMemberRequest) => apiCall(api.POST('/api/v1/team/invites', { body }), inviteCreatedResponseSchema),
    onSuccess: (answer) => {
      setCreated(answer);
      setEmail('');
      setRole('member');
      void queryClient.invalidateQueries({ queryKey: teamQuery.queryKey });
    },
    onError: (error) => setFieldErrors(apiFieldMessages(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (invite.isPending) return;
    const checked = validateForm(inviteMemberRequestSchema, { email: email.trim(), role });
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      emailInput.current?.focus();
      return;
    }
    setFieldErrors({});
    invite.mutate(checked.data);
  }

  if (created) {
    return (
      <InviteLinkNotice
        sentence={t('team.inviteCreated', { email: created.email, date: formatDateTime(lang, created.expiresAt) })}
        linkLabel={t('team.inviteLink')}
        url={created.url}
      >
        <div className="px-actions">
          <button
            type="button"
            className="px-button px-button--secondary"
            onClick={() => {
              setCreated(null);
              invite.reset();
            }}
          >
            {t('team.inviteAnother')}
          </button>
        </div>
      </InviteLinkNotice>
    );
  }

  return (
    <form className="px-form" noValidate onSubmit={submit}>
      {invite.isError ? (
        <ErrorAlert>
          <p>{describeError(invite.error, t)}</p>
        </ErrorAlert>
      ) : null}
      <TextField
        name="email"
        type="email"
        label={t('team.inviteEmail')}
        autoComplete="off"
        value={email}
        onChange={setEmail}
        error={fieldErrors.email}
        inputRef={emailInput}
      />
      {roles.length > 1 ? (
        <SelectField
          name="role"
          label={t('team.inviteRole')}
          hint={t('team.inviteRoleHint')}
          value={role}
          options={roles.map((value) => ({ value, label: t(`role.${value}`) }))}
          onChange={setRole}
          error={fieldErrors.role}
        />
      ) : null}
      <div className="px-actions">
        <button type="submit" className="px-button" disabled={invite.isPending}>
          {invite.isPending ? t('team.inviteSubmitting') : t('team.inviteSubmit')}
        </button>
      </div>
    </form>
  );
}
