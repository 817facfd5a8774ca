import { meResponseSchema, memberSchema, updateProfileRequestSchema } from '@prixagent/contracts';
import { Card, ContractFormView, PageHeader, ReadOnlyField, RequestError, Skeleton, SubmitButton, TextField, apiCall, useContractForm, useI18n, useSessionStore } from '@prixagent/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { meQuery } from '../queries';
import { api } from '../session';

type Me = z.infer<typeof meResponseSchema>;

function ProfileForm({ me }: { me: Me }) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const session = useSessionStore();
  const contract = useContractForm({
    schema: updateProfileRequestSchema,
    defaultValues: { name: me.user.name },
    submit: (body) => apiCall(api.PATCH('/api/v1/me', { body }), memberSchema),
    onSuccess: (user) => {
      queryClient.setQueryData(meQuery.queryKey, (old) => old && { ...old, user });
      // The account menu shows the session's copy of the name.
      session.updateUser({ name: user.name });
      contract.form.reset({ name: user.name });
    },
    successMessage: t('profile.saved'),
  });
  return (
    <ContractFormView contract={contract}>
      <TextField form={contract.form} name="name" label={t('profile.name')} hint={t('profile.nameHint')} autoComplete="name" />
      <ReadOnlyField label={t('label.email')} hint={t('profile.emailHint')} type="email" autoComplete="username" value={me.user.email} />
      <SubmitButton contract={contract} pendingLabel={t('form.saving')} className="w-fit">
        {t('profile.save')}
      </SubmitButton>
    </ContractFormView>
  );
}

export function ProfilePage() {
  const { t } = useI18n<MessageKey>();
  const me = useQuery(meQuery);
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.intro')} />
      <Card className="max-w-xl">
        {me.isError ? <RequestError error={me.error} onRetry={() => void me.refetch()} /> : null}
        {me.data ? <ProfileForm me={me.data} /> : me.isError ? null : <Skeleton className="h-40" />}
      </Card>
    </>
  );
}
