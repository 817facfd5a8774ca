import { createAccountRequestSchema, createAccountResponseSchema } from '@prixagent/contracts';
import { SelectField, TextField, apiCall, useContractForm, useI18n } from '@prixagent/ui';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { api } from '../session';
import { DuplicateTenantWarning } from './duplicate-tenant-warning';
import { duplicateMatches, type DuplicateMatch } from './duplicate-tenants';
import { FormDialogContent } from './form-dialog-content';
import { PLANS, typedEmailSchema } from './tenant-view';

export type CreatedTenant = z.infer<typeof createAccountResponseSchema>;

const newTenantSchema = createAccountRequestSchema.extend({ email: typedEmailSchema });

/** What one submit ends in: the tenant, or the API's doubt that it is new. */
type CreateOutcome = { created: CreatedTenant } | { duplicates: DuplicateMatch[] };

/**
 * The new-tenant form, as the content of a dialog the caller opens (mounted
 * only while open, so each opening starts empty). A tenant and its owner's
 * invite are created in one request; when the name or email matches an
 * existing tenant the API asks first, and the form names that tenant and
 * offers to create this one anyway.
 */
export function NewTenantDialogContent({ onCreated, onCancel }: { onCreated: (created: CreatedTenant) => void; onCancel: () => void }) {
  const { t } = useI18n<MessageKey>();
  const [duplicates, setDuplicates] = useState<DuplicateMatch[] | null>(null);
  // Set by "Create anyway" for the one submit it starts.
  const allowDuplicate = useRef(false);
  // Once created, the page's invite notice takes the focus, not the button that opened the dialog.
  const done = useRef(false);

  const contract = useContractForm({
    schema: newTenantSchema,
    defaultValues: { name: '', email: '', plan: 'starter' },
    submit: async (values): Promise<CreateOutcome> => {
      const body = { ...values, allowDuplicate: allowDuplicate.current };
      allowDuplicate.current = false;
      try {
        return { created: await apiCall(api.POST('/api/v1/admin/accounts', { body }), createAccountResponseSchema) };
      } catch (error) {
        // A question rather than a refusal: answered below the fields, not as a failure above them.
        const matches = duplicateMatches(error);
        if (matches === null) throw error;
        return { duplicates: matches };
      }
    },
    onSuccess: (outcome) => {
      if ('duplicates' in outcome) {
        setDuplicates(outcome.duplicates);
        return;
      }
      done.current = true;
      onCreated(outcome.created);
    },
    // The invite notice that replaces the dialog says it, and must be read anyway.
    successMessage: false,
  });

  // The warning is about the name and email it was given: editing either asks the API again.
  const { watch } = contract.form;
  useEffect(() => {
    const subscription = watch((_values, { name }) => {
      if (name === 'name' || name === 'email') {
        allowDuplicate.current = false;
        setDuplicates(null);
      }
    });
    return () => subscription.unsubscribe();
  }, [watch]);

  return (
    <FormDialogContent
      contract={contract}
      title={t('newTenant.title')}
      description={t('newTenant.intro')}
      submitLabel={t('newTenant.submit')}
      pendingLabel={t('newTenant.submitting')}
      cancelLabel={t('newTenant.cancel')}
      onCancel={onCancel}
      handedOver={done}
    >
      <TextField form={contract.form} name="name" label={t('newTenant.name')} hint={t('newTenant.nameHint')} autoComplete="organization" />
      <TextField form={contract.form} name="email" type="email" label={t('newTenant.email')} hint={t('newTenant.emailHint')} autoComplete="off" technical />
      <SelectField form={contract.form} name="plan" label={t('newTenant.plan')} options={PLANS.map((plan) => ({ value: plan, label: t(`plan.${plan}`) }))} />
      {duplicates ? (
        <DuplicateTenantWarning
          matches={duplicates}
          busy={contract.pending}
          onCreateAnyway={() => {
            allowDuplicate.current = true;
            void contract.onSubmit();
          }}
        />
      ) : null}
    </FormDialogContent>
  );
}
