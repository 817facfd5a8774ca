import { memberSchema, type Member, type teamResponseSchema } from '@prixagent/contracts';
import {
  Badge,
  Button,
  ConfirmDialog,
  DataTable,
  Dialog,
  DialogContent,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  DropdownMenuItem,
  PageHeader,
  RequestError,
  RowActions,
  apiCall,
  apiCallVoid,
  describeError,
  formatDateTime,
  tableColumns,
  toast,
  useI18n,
} from '@prixagent/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ShieldIcon, Trash2Icon, UserPlusIcon, UserIcon, XIcon } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { meQuery, teamQuery } from '../queries';
import { api } from '../session';
import { InviteMemberForm } from './invite-member-form';
import { canManageInvites, canRemoveMember, invitableRoles, roleChangeFor, type InvitableRole } from './team-rules';

/** One pending invite, as the team answer lists it. */
type PendingInvite = z.infer<typeof teamResponseSchema>['pendingInvites'][number];

export function TeamPage() {
  const { t, lang } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const me = useQuery(meQuery);
  const team = useQuery(teamQuery);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [revoking, setRevoking] = useState<PendingInvite | null>(null);
  const [inviting, setInviting] = useState(false);

  const refreshTeam = () => queryClient.invalidateQueries({ queryKey: teamQuery.queryKey });

  const changeRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: InvitableRole }) =>
      apiCall(api.PATCH('/api/v1/team/members/{id}', { params: { path: { id } }, body: { role } }), memberSchema),
    onSuccess: (member) => toast.success(t('team.roleChanged', { name: member.name, role: t(`role.${member.role}`) })),
    onError: (error) => toast.error(describeError(error, t)),
    onSettled: refreshTeam,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiCallVoid(api.DELETE('/api/v1/team/members/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      if (removing) toast.success(t('team.removed', { name: removing.name }));
      setRemoving(null);
    },
    onSettled: refreshTeam,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiCallVoid(api.DELETE('/api/v1/team/invites/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      if (revoking) toast.success(t('team.revoked', { email: revoking.email }));
      setRevoking(null);
    },
    onSettled: refreshTeam,
  });

  const actor = me.data?.user;
  // The mutations' own functions are stable; the mutation objects are new on every render,
  // and columns must stay the same between renders for the table to keep its models.
  const { mutate: changeRoleTo, isPending: changingRole } = changeRole;
  const { reset: resetRemove } = remove;
  const { reset: resetRevoke } = revoke;
  const managesInvites = actor ? canManageInvites(actor.role) : false;

  const memberColumns = useMemo(
    () =>
      tableColumns<Member>()((h) =>
        h.columns([
        h.accessor('name', {
          header: t('label.name'),
          cell: ({ row }) => (
            <span className="whitespace-nowrap">
              {row.original.name}
              {row.original.id === actor?.id ? <span className="ml-1 font-normal text-muted-foreground">{t('team.you')}</span> : null}
            </span>
          ),
        }),
        h.accessor('email', { header: t('label.email') }),
        h.accessor('role', { header: t('label.role'), cell: ({ row }) => <Badge tone={row.original.role === 'member' ? 'muted' : 'outline'}>{t(`role.${row.original.role}`)}</Badge> }),
        h.accessor('createdAt', { header: t('team.joined'), cell: ({ row }) => <span className="whitespace-nowrap">{formatDateTime(lang, row.original.createdAt)}</span> }),
        h.display({
          id: 'actions',
          header: () => <span className="sr-only">{t('table.actions')}</span>,
          cell: ({ row }) => {
            const member = row.original;
            if (!actor) return null;
            const switchTo = roleChangeFor(actor, member);
            if (!switchTo && !canRemoveMember(actor, member)) return null;
            return (
              <div className="flex justify-end">
                <RowActions name={member.name || member.email}>
                  {switchTo ? (
                    <DropdownMenuItem disabled={changingRole} onSelect={() => changeRoleTo({ id: member.id, role: switchTo })}>
                      {switchTo === 'admin' ? <ShieldIcon aria-hidden="true" /> : <UserIcon aria-hidden="true" />}
                      {switchTo === 'admin' ? t('team.makeAdmin') : t('team.makeMember')}
                    </DropdownMenuItem>
                  ) : null}
                  <DropdownMenuItem
                    variant="destructive"
                    onSelect={() => {
                      resetRemove();
                      setRemoving(member);
                    }}
                  >
                    <Trash2Icon aria-hidden="true" />
                    {t('team.remove')}
                  </DropdownMenuItem>
                </RowActions>
              </div>
            );
          },
        }),
      ])),
    [t, lang, actor, changingRole, changeRoleTo, resetRemove],
  );

  const inviteColumns = useMemo(
    () =>
      tableColumns<PendingInvite>()((h) =>
        h.columns([
        h.accessor('email', { header: t('label.email') }),
        h.accessor('role', { header: t('label.role'), cell: ({ row }) => t(`role.${row.original.role}`) }),
        h.accessor('createdAt', { header: t('team.sent'), cell: ({ row }) => <span className="whitespace-nowrap">{formatDateTime(lang, row.original.createdAt)}</span> }),
        h.accessor('expiresAt', { header: t('team.expires'), cell: ({ row }) => <span className="whitespace-nowrap">{formatDateTime(lang, row.original.expiresAt)}</span> }),
        ...(managesInvites
          ? [
              h.display({
                id: 'actions',
                header: () => <span className="sr-only">{t('table.actions')}</span>,
                cell: ({ row }) => (
                  <div className="flex justify-end">
                    <RowActions name={row.original.email}>
                      <DropdownMenuItem
                        variant="destructive"
                        onSelect={() => {
                          resetRevoke();
                          setRevoking(row.original);
                        }}
                      >
                        <XIcon aria-hidden="true" />
                        {t('team.revoke')}
                      </DropdownMenuItem>
                    </RowActions>
                  </div>
                ),
              }),
            ]
          : []),
      ])),
    [t, lang, managesInvites, resetRevoke],
  );

  const loadError = team.error ?? me.error;

  return (
    <>
      <PageHeader
        title={t('team.title')}
        description={t('team.intro')}
        actions={
          actor && managesInvites ? (
            <Dialog open={inviting} onOpenChange={setInviting}>
              <DialogTrigger asChild>
                <Button>
                  <UserPlusIcon aria-hidden="true" />
                  {t('team.inviteTitle')}
                </Button>
              </DialogTrigger>
              <DialogContent closeLabel={t('shell.close')} aria-describedby={undefined}>
                <DialogHeader>
                  <DialogTitle>{t('team.inviteTitle')}</DialogTitle>
                </DialogHeader>
                <InviteMemberForm roles={invitableRoles(actor.role)} onDone={() => setInviting(false)} />
              </DialogContent>
            </Dialog>
          ) : null
        }
      />
      {loadError ? <RequestError error={loadError} onRetry={() => void Promise.all([team.refetch(), me.refetch()])} /> : null}
      {loadError ? null : (
        <>
          <section aria-labelledby="members-title" className="grid gap-3">
            <h2 id="members-title" className="text-lg font-semibold">
              {t('team.members')}
            </h2>
            <DataTable
              caption={t('team.membersCaption')}
              columns={memberColumns}
              rows={actor ? team.data?.members : undefined}
              getRowId={(member) => member.id}
              rowHeader="name"
              emptyText={t('table.empty')}
              busy={team.isFetching && !team.isPending}
            />
          </section>
          <section aria-labelledby="invites-title" className="grid gap-3">
            <h2 id="invites-title" className="text-lg font-semibold">
              {t('team.invites')}
            </h2>
            <DataTable
              caption={t('team.invitesCaption')}
              columns={inviteColumns}
              rows={team.data?.pendingInvites}
              getRowId={(invite) => invite.id}
              rowHeader="email"
              emptyText={t('team.invitesEmpty')}
            />
          </section>
        </>
      )}

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
