import { integrationSchema, type Integration, type Provider } from '@prixagent/contracts';
import {
  ConfirmDialog,
  ErrorAlert,
  StatusBadge,
  TextField,
  apiCall,
  apiCallVoid,
  describeError,
  formatDateTime,
  useFocusOnMount,
  useI18n,
} from '@prixagent/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { MessageKey } from '../i18n/messages';
import { integrationsQuery } from '../queries';
import { api } from '../session';
import {
  apiCredentialErrors,
  credentialFieldKeys,
  credentialFields,
  initialValues,
  validateCredentials,
  type CredentialBody,
  type CredentialFieldName,
  type CredentialValues,
  type FieldErrors,
} from './integration-form';
import { integrationStatusTone, providerNames } from './integration-view';

/** Statuses where nothing usable is stored: the explanation ends with the way out. */
const needsSaving = new Set<Integration['status']>(['not_configured', 'unreadable']);

/**
 * One provider: what the API says about it (never a secret: it returns none)
 * and, for those who may write, the form to save or remove its credentials.
 */
export function IntegrationCard({ integration, canWrite }: { integration: Integration; canWrite: boolean }) {
  const { t, lang } = useI18n<MessageKey>();
  const { provider } = integration;
  const name = providerNames[provider];
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : t('value.none'));
  const [notice, setNotice] = useState<'saved' | 'removed' | null>(null);
  const titleId = `integration-${provider}`;

  return (
    <section className="px-card integration-card" data-integration={provider} aria-labelledby={titleId}>
      <div className="px-section-head">
        <h2 id={titleId}>{name}</h2>
        <StatusBadge tone={integrationStatusTone[integration.status]}>{t(`integrationStatus.${integration.status}`)}</StatusBadge>
      </div>
      <p>
        {t(`integrations.explain.${integration.status}`, { provider: name })}
        {needsSaving.has(integration.status) ? ` ${canWrite ? t('integrations.fixWriter') : t('integrations.fixReader')}` : null}
      </p>
      <dl className="px-facts">
        <dt>{t('integrations.keyEndsIn')}</dt>
        <dd className="hint">{integration.hint ?? t('value.none')}</dd>
        {credentialFields(provider)
          .filter((field) => !field.secret)
          .map((field) => {
            const value = integration.config[field.name];
            return [
              <dt key={`${field.name}-label`}>{t(credentialFieldKeys[field.name].label)}</dt>,
              <dd key={`${field.name}-value`}>{typeof value === 'string' && value ? value : t('value.none')}</dd>,
            ];
          })}
        <dt>{t('integrations.updated')}</dt>
        <dd>{when(integration.updatedAt)}</dd>
        <dt>{t('integrations.lastVerified')}</dt>
        <dd>{when(integration.lastVerifiedAt)}</dd>
      </dl>
      {integration.lastError ? <p className="integration-error">{integration.lastError}</p> : null}
      {notice ? <Notice text={t(notice === 'saved' ? 'integrations.saved' : 'integrations.removed', { provider: name })} /> : null}
      {canWrite ? (
        <CredentialForm
          integration={integration}
          onSaved={() => setNotice('saved')}
          onRemoved={() => setNotice('removed')}
          onStart={() => setNotice(null)}
        />
      ) : null}
    </section>
  );
}

function Notice({ text }: { text: string }) {
  const ref = useFocusOnMount<HTMLParagraphElement>();
  return (
    <div className="px-notice" role="status">
      <p ref={ref} tabIndex={-1}>
        {text}
      </p>
    </div>
  );
}

interface CredentialFormProps {
  integration: Integration;
  onSaved: () => void;
  onRemoved: () => void;
  onStart: () => void;
}

function CredentialForm({ integration, onSaved, onRemoved, onStart }: CredentialFormProps) {
  const { t } = useI18n<MessageKey>();
  const queryClient = useQueryClient();
  const { provider } = integration;
  const name = providerNames[provider];
  const fields = credentialFields(provider);
  const [values, setValues] = useState<CredentialValues>(() => initialValues(provider, integration.config));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  // The validated body waits here for the one request that sends it, and not in
  // mutate()'s variables: TanStack keeps those in its mutation cache, and
  // secrets must live nowhere but the form's own state.
  const outgoing = useRef<CredentialBody | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: integrationsQuery.queryKey });

  const save = useMutation({
    mutationFn: () => {
      const body = outgoing.current;
      outgoing.current = null;
      if (!body) return Promise.reject(new Error('Nothing to save'));
      return apiCall(api.PUT('/api/v1/integrations/{provider}', { params: { path: { provider } }, body }), integrationSchema);
    },
    onSuccess: (saved) => {
      // Back to what the API returned: secrets empty, config as stored.
      setValues(initialValues(provider, saved.config));
      setFieldErrors({});
      onSaved();
    },
    onError: (error) => setFieldErrors(apiCredentialErrors(error)),
    onSettled: refresh,
  });

  const remove = useMutation({
    mutationFn: (target: Provider) => apiCallVoid(api.DELETE('/api/v1/integrations/{provider}', { params: { path: { provider: target } } })),
    onSuccess: () => {
      setConfirming(false);
      setValues(initialValues(provider, {}));
      setFieldErrors({});
      onRemoved();
    },
    onSettled: refresh,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    onStart();
    const checked = validateCredentials(provider, values);
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      return;
    }
    setFieldErrors({});
    outgoing.current = checked.data;
    save.mutate();
  }

  const setField = (field: CredentialFieldName) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  return (
    <>
      <h3>{t('integrations.formTitle', { provider: name })}</h3>
      <p className="px-muted">{t('integrations.formIntro', { provider: name })}</p>
      <form className="px-form" noValidate onSubmit={submit} aria-label={t('integrations.formTitle', { provider: name })}>
        {save.isError ? (
          <ErrorAlert>
            <p>{describeError(save.error, t)}</p>
          </ErrorAlert>
        ) : null}
        {fields.map((field) => (
          <TextField
            key={field.name}
            name={field.name}
            type={field.secret ? 'password' : 'text'}
            autoComplete="off"
            label={t(credentialFieldKeys[field.name].label)}
            hint={t(credentialFieldKeys[field.name].hint)}
            value={values[field.name] ?? ''}
            onChange={setField(field.name)}
            error={fieldErrors[field.name]}
          />
        ))}
        <div className="px-actions">
          <button type="submit" className="px-button" disabled={save.isPending}>
            {save.isPending ? t('integrations.saving') : t('integrations.save')}
          </button>
          {integration.configured ? (
            <button
              type="button"
              className="px-button px-button--secondary"
              onClick={() => {
                onStart();
                remove.reset();
                setConfirming(true);
              }}
            >
              {t('integrations.remove')}
            </button>
          ) : null}
        </div>
      </form>
      {confirming ? (
        <ConfirmDialog
          title={t('integrations.removeTitle', { provider: name })}
          confirmLabel={t('integrations.removeConfirm')}
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(provider)}
          onClose={() => setConfirming(false)}
        >
          <p>{t('integrations.removeBody', { provider: name })}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
