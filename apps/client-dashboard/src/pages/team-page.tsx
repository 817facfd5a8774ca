import { memberSchema, type Member, type teamResponseSchema } from '@prixagent/contracts';
import type { z } from 'zod';
import {
  ConfirmDialog,
  Loading,
  RequestError,
  apiCall,
  apiCallVoid,
  formatDateTime,
  useI18n,
  usePageTitle,
} from '@prixagent/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MessageKey } from '../i18n/messages';
import { meQuery, teamQuery } from '../queries';
import { api } from '../session';
import { InviteMemberForm } from './invite-member-form';
import { canManageInvites, canRemoveMember, invitableRoles, roleChangeFor, type InvitableRole } from './team-rules';

/** One pending invite, as the team answer lists it. */
type PendingInvite = z.infer<typeof teamResponseSchema>['pendingInvites'][number];

export function TeamPage() {
  const { t, lang } = useI18n<MessageKey>();
  usePageTitle(t('team.title'));
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const team = useQuery(teamQuery);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [revoking, setRevoking] = useState<PendingInvite | null>(null);

  const refreshTeam = () => queryClient.invalidateQueries({ queryKey: teamQuery.queryKey });

  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: InvitableRole }) =>
      apiCall(api.PATCH('/api/v1/team/members/{id}', { params: { path: { id } }, body: { role } }), memberSchema),
    onSettled: refreshTeam,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiCallVoid(api.DELETE('/api/v1/team/members/{id}', { params: { path: { id } } })),
    onSuccess: () => setRemoving(null),
    onSettled: refreshTeam,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiCallVoid(api.DELETE('/api/v1/team/invites/{id}', { params: { path: { id } } })),
    onSuccess: () => setRevoking(null),
    onSettled: refreshTeam,
  });

  const actor = me.data?.user;
  const managesInvites = actor ? canManageInvites(actor.role) : false;
  const when = (iso: string) => formatDateTime(lang, iso);

  return (
    <>
      <h1>{t('team.title')}</h1>
      <p className="px-muted">{t('team.intro')}</p>
      {team.isPending || me.isPending ? <Loading /> : null}
      {team.isError ? <RequestError error={team.error} onRetry={() => void team.refetch()} /> : null}
      {me.isError ? <RequestError error={me.error} onRetry={() => void me.refetch()} /> : null}

      {actor && managesInvites ? (
        <section className="px-card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t('team.inviteTitle')}</h2>
          <p className="px-muted">{t('team.inviteIntro')}</p>
          <InviteMemberForm roles={invitableRoles(actor.role)} />
        </section>
      ) : null}

      {team.data && actor ? (
        <>
          <section className="px-card" aria-labelledby="members-title">
            <h2 id="members-title">{t('team.members')}</h2>
            {changeRole.isError ? <RequestError error={changeRole.error} /> : null}
            <div className="px-table-wrap">
              <table className="px-table">
                <caption>{t('team.membersCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('label.name')}</th>
                    <th scope="col">{t('label.email')}</th>
                    <th scope="col">{t('label.role')}</th>
                    <th scope="col">{t('team.joined')}</th>
                    <th scope="col">{t('team.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {team.data.members.map((member) => {
                    const switchTo = roleChangeFor(actor, member);
                    const removable = canRemoveMember(actor, member);
                    return (
                      <tr key={member.id} data-email={member.email}>
                        <th scope="row">
                          {member.name}
                          {member.id === actor.id ? <span className="team-you"> {t('team.you')}</span> : null}
                        </th>
                        <td>{member.email}</td>
                        <td>{t(`role.${member.role}`)}</td>
                        <td>{when(member.createdAt)}</td>
                        <td>
                          <div className="px-actions">
                            {switchTo ? (
                              <button
                                type="button"
                                className="px-button px-button--secondary px-button--small"
                                disabled={changeRole.isPending}
                                onClick={() => changeRole.mutate({ id: member.id, role: switchTo })}
                              >
                                {switchTo === 'admin' ? t('team.makeAdmin') : t('team.makeMember')}
                              </button>
                            ) : null}
                            {removable ? (
                              <button
                                type="button"
                                className="px-button px-button--secondary px-button--small"
                                onClick={() => {
                                  remove.reset();
                                  setRemoving(member);
                                }}
                              >
                                {t('team.remove')}
                              </button>
                            ) : null}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <section className="px-card" aria-labelledby="invites-title">
            <h2 id="invites-title">{t('team.invites')}</h2>
            {team.data.pendingInvites.length === 0 ? (
              <p>{t('team.invitesEmpty')}</p>
            ) : (
              <div className="px-table-wrap">
                <table className="px-table">
                  <caption>{t('team.invitesCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('label.email')}</th>
                      <th scope="col">{t('label.role')}</th>
                      <th scope="col">{t('team.sent')}</th>
                      <th scope="col">{t('team.expires')}</th>
                      {managesInvites ? <th scope="col">{t('team.actions')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {team.data.pendingInvites.map((invite) => (
                      <tr key={invite.id} data-email={invite.email}>
                        <th scope="row">{invite.email}</th>
                        <td>{t(`role.${invite.role}`)}</td>
                        <td>{when(invite.createdAt)}</td>
                        <td>{when(invite.expiresAt)}</td>
                        {managesInvites ? (
                          <td>
                            <button
                              type="button"
                              className="px-button px-button--secondary px-button--small"
                              onClick={() => {
                                revoke.reset();
                                setRevoking(invite);
                              }}
                            >
                              {t('team.revoke')}
                            </button>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}

      {removing ? (
        <ConfirmDialog
          title={t('team.removeTitle', { name: removing.name })}
          confirmLabel={t('team.removeConfirm')}
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(removing.id)}
          onClose={() => setRemoving(null)}
        >
          <p>{t('team.removeBody', { name: removing.name, email: removing.email })}</p>
        </ConfirmDialog>
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t('team.revokeTitle', { email: revoking.email })}
          confirmLabel={t('team.revokeConfirm')}
          danger
          busy={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(revoking.id)}
          onClose={() => setRevoking(null)}
        >
          <p>{t('team.revokeBody', { email: revoking.email })}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
