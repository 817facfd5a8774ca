import { integrationSchema, type Integration } from '@prixagent/contracts';
import {
  Badge,
  Button,
  Card,
  CardHeader,
  CardTitle,
  ConfirmDialog,
  ContractFormView,
  Dialog,
  DialogTrigger,
  Fact,
  Facts,
  SheetContent,
  StatusBadge,
  SubmitButton,
  TextField,
  apiCall,
  apiCallVoid,
  formatDateTime,
  toast,
  useContractForm,
  useI18n,
} from '@prixagent/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PencilIcon, Trash2Icon } from 'lucide-react';
import { useState } from 'react';
import type { MessageKey } from '../i18n/messages';
import { integrationsQuery } from '../queries';
import { api } from '../session';
import { credentialApiField, credentialFieldKeys, credentialFields, credentialFormSchema, credentialRequest, initialValues } from './integration-form';
import { integrationStatusTone, providerNames } from './integration-view';

/** Statuses that need a person to act, and say so on the card; "saved, not verified" is explained once per page instead. */
const explained = new Set<Integration['status']>(['not_configured', 'invalid', 'error', 'unreadable']);

/**
 * One provider, compact: its status, the non-secret facts the API returns (the
 * last four characters of the key, the config, when it was last verified) and,
 * for those who may write, editing in a side sheet and removal behind a question.
 */
export function IntegrationCard({ integration, canWrite }: { integration: Integration; canWrite: boolean }) {
  const { t, lang } = useI18n<MessageKey>();
  const { provider } = integration;
  const name = providerNames[provider];
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const titleId = `integration-${provider}`;
  const shownFields = credentialFields(provider).filter((field) => field.shown);

  return (
    <Card data-integration={provider} aria-labelledby={titleId} className="gap-3">
      <CardHeader>
        <CardTitle id={titleId}>{name}</CardTitle>
        <StatusBadge tone={integrationStatusTone[integration.status]}>{t(`integrationStatus.${integration.status}`)}</StatusBadge>
      </CardHeader>
      {explained.has(integration.status) ? (
        <p className="text-sm text-muted-foreground">
          {t(`integrations.explain.${integration.status}`, { provider: name })}
          {integration.status === 'not_configured' || integration.status === 'unreadable' ? ` ${canWrite ? t('integrations.fixWriter') : t('integrations.fixReader')}` : null}
        </p>
      ) : null}
      {integration.configured ? (
        <Facts>
          <Fact term={t('integrations.keyEndsIn')}>{integration.hint ? <Badge tone="outline" className="font-mono">{integration.hint}</Badge> : t('value.none')}</Fact>
          {shownFields.map((field) => {
            const value = integration.config[field.name];
            return (
              <Fact key={field.name} term={t(credentialFieldKeys[field.name].label)}>
                {typeof value === 'string' && value ? <span className="font-mono text-xs">{value}</span> : t('value.none')}
              </Fact>
            );
          })}
          <Fact term={t('integrations.lastVerified')}>{integration.lastVerifiedAt ? formatDateTime(lang, integration.lastVerifiedAt) : t('integrations.never')}</Fact>
        </Facts>
      ) : null}
      {integration.lastError ? <p className="text-sm text-destructive">{integration.lastError}</p> : null}
      {canWrite ? (
        <div className="mt-auto flex flex-wrap gap-2">
          <Dialog open={editing} onOpenChange={setEditing}>
            <DialogTrigger asChild>
              <Button variant={integration.configured ? 'outline' : 'default'} size="sm">
                <PencilIcon aria-hidden="true" />
                {integration.configured ? t('integrations.edit') : t('integrations.connect')}
              </Button>
            </DialogTrigger>
            <SheetContent title={t('integrations.formTitle', { provider: name })} closeLabel={t('shell.close')}>
              <CredentialForm integration={integration} onSaved={() => setEditing(false)} />
            </SheetContent>
          </Dialog>
          {integration.configured ? (
            <Button variant="ghost" size="sm" onClick={() => setRemoving(true)}>
              <Trash2Icon aria-hidden="true" />
              {t('integrations.remove')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {removing ? <RemoveDialog integration={integration} onClose={() => setRemoving(false)} /> : null}
    </Card>
  );
}

/**
 * Secrets live only in this form's own state while the sheet is open: they are
 * sent by the one request (not through a mutation, whose variables TanStack
 * keeps in its cache) and vanish with the sheet.
 */
function CredentialForm({ integration, onSaved }: { integration: Integration; onSaved: () => void }) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const { provider } = integration;
  const name = providerNames[provider];
  const contract = useContractForm({
    schema: credentialFormSchema(provider),
    defaultValues: initialValues(provider, integration.config),
    submit: (values) => apiCall(api.PUT('/api/v1/integrations/{provider}', { params: { path: { provider } }, body: credentialRequest(provider, values) }), integrationSchema),
    onSuccess: (saved) => {
      queryClient.setQueryData(integrationsQuery.queryKey, (list) => list && { ...list, items: list.items.map((item) => (item.provider === provider ? saved : item)) });
      void queryClient.invalidateQueries({ queryKey: integrationsQuery.queryKey });
      onSaved();
    },
    successMessage: t('integrations.saved', { provider: name }),
    apiField: credentialApiField,
  });
  return (
    <ContractFormView contract={contract} aria-label={t('integrations.formTitle', { provider: name })}>
      <p className="text-sm text-muted-foreground">{t('integrations.formIntro', { provider: name })}</p>
      {credentialFields(provider).map((field) => (
        <TextField
          key={field.name}
          form={contract.form}
          name={field.name}
          type={field.shown ? 'text' : 'password'}
          autoComplete="off"
          technical
          label={t(credentialFieldKeys[field.name].label)}
          hint={t(credentialFieldKeys[field.name].hint)}
        />
      ))}
      <SubmitButton contract={contract} pendingLabel={t('integrations.saving')} className="w-fit">
        {t('integrations.save')}
      </SubmitButton>
    </ContractFormView>
  );
}

function RemoveDialog({ integration, onClose }: { integration: Integration; onClose: () => void }) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const { provider } = integration;
  const name = providerNames[provider];
  const remove = useMutation({
    mutationFn: () => apiCallVoid(api.DELETE('/api/v1/integrations/{provider}', { params: { path: { provider } } })),
    onSuccess: () => {
      toast.success(t('integrations.removed', { provider: name }));
      onClose();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: integrationsQuery.queryKey }),
  });
  return (
    <ConfirmDialog
      title={t('integrations.removeTitle', { provider: name })}
      confirmLabel={t('integrations.removeConfirm')}
      danger
      busy={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      <p>{t('integrations.removeBody', { provider: name })}</p>
    </ConfirmDialog>
  );
}
