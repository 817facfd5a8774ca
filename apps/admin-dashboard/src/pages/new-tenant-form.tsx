import { createAccountRequestSchema, createAccountResponseSchema, type CreateAccountRequest } from '@prixagent/contracts';
import {
  ErrorAlert,
  SelectField,
  TextField,
  apiCall,
  apiFieldMessages,
  describeError,
  useI18n,
  validateForm,
  type FieldMessage,
} from '@prixagent/ui';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { api } from '../session';
import { PLANS, type Plan } from './tenant-view';

type Field = 'name' | 'email' | 'plan';
export type CreatedTenant = z.infer<typeof createAccountResponseSchema>;

/** A tenant and its owner's invite, created in one request (the API does both in one transaction). */
export function NewTenantForm({ onCreated, onCancel }: { onCreated: (created: CreatedTenant) => void; onCancel: () => void }) {
  const { t } = useI18n<MessageKey>();
  const [values, setValues] = useState<{ name: string; email: string; plan: Plan }>({ name: '', email: '', plan: 'starter' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, FieldMessage>>>({});
  const inputs = { name: useRef<HTMLInputElement>(null), email: useRef<HTMLInputElement>(null) };

  const create = useMutation({
    mutationFn: (body: CreateAccountRequest) => apiCall(api.POST('/api/v1/admin/accounts', { body }), createAccountResponseSchema),
    onSuccess: onCreated,
    onError: (error) => setFieldErrors(apiFieldMessages(error)),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    // Pasted addresses often carry spaces; the contract checks the format before it trims.
    const checked = validateForm(createAccountRequestSchema, { name: values.name, email: values.email.trim(), plan: values.plan });
    if (!checked.ok) {
      setFieldErrors(checked.errors);
      const first = (['name', 'email'] as const).find((f) => f in checked.errors);
      if (first) inputs[first].current?.focus();
      return;
    }
    setFieldErrors({});
    create.mutate(checked.data);
  }

  return (
    <form className="px-form" noValidate onSubmit={submit}>
      {create.isError ? (
        <ErrorAlert>
          <p>{describeError(create.error, t)}</p>
        </ErrorAlert>
      ) : null}
      <TextField
        name="name"
        label={t('newTenant.name')}
        hint={t('newTenant.nameHint')}
        autoComplete="organization"
        value={values.name}
        onChange={(name) => setValues((v) => ({ ...v, name }))}
        error={fieldErrors.name}
        inputRef={inputs.name}
      />
      <TextField
        name="email"
        type="email"
        label={t('newTenant.email')}
        hint={t('newTenant.emailHint')}
        autoComplete="off"
        value={values.email}
        onChange={(email) => setValues((v) => ({ ...v, email }))}
        error={fieldErrors.email}
        inputRef={inputs.email}
      />
      <SelectField
        name="plan"
        label={t('newTenant.plan')}
        value={values.plan}
        options={PLANS.map((plan) => ({ value: plan, label: t(`plan.${plan}`) }))}
        onChange={(plan) => setValues((v) => ({ ...v, plan }))}
        error={fieldErrors.plan}
      />
      <div className="px-actions">
        <button type="submit" className="px-button" disabled={create.isPending}>
          {create.isPending ? t('newTenant.submitting') : t('newTenant.submit')}
        </button>
        <button type="button" className="px-button px-button--secondary" disabled={create.isPending} onClick={onCancel}>
          {t('newTenant.cancel')}
        </button>
      </div>
    </form>
  );
}
