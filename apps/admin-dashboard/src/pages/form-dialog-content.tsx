import {
  Button,
  ContractFormView,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  SubmitButton,
  useI18n,
  type ContractForm,
} from '@prixagent/ui';
import type { ReactNode, RefObject } from 'react';
import type { z } from 'zod';

/** What a contract form's schema parses: a flat object of fields. */
type FormSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface FormDialogContentProps<S extends FormSchema> {
  contract: ContractForm<S>;
  title: string;
  description: string;
  submitLabel: string;
  pendingLabel: string;
  cancelLabel: string;
  onCancel: () => void;
  /**
   * Set by the caller once the form succeeded and the page shows what it made
   * (an invite link that takes the focus): the focus then stays there instead
   * of going back to the button that opened the dialog.
   */
  handedOver: RefObject<boolean>;
  /** The fields, and anything shown between them and the buttons. */
  children: ReactNode;
}

/**
 * A contract form in a dialog (inside the caller's <Dialog>): its title and
 * what it is for, the fields, then cancel and submit. While the request runs
 * the dialog cannot be closed, which would hide whether it went through.
 */
export function FormDialogContent<S extends FormSchema>({
  contract,
  title,
  description,
  submitLabel,
  pendingLabel,
  cancelLabel,
  onCancel,
  handedOver,
  children,
}: FormDialogContentProps<S>) {
  const { t } = useI18n();
  return (
    <DialogContent
      closeLabel={t('shell.close')}
      hideClose={contract.pending}
      onEscapeKeyDown={(event) => {
        if (contract.pending) event.preventDefault();
      }}
      onInteractOutside={(event) => {
        if (contract.pending) event.preventDefault();
      }}
      onCloseAutoFocus={(event) => {
        if (handedOver.current) event.preventDefault();
      }}
    >
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <ContractFormView contract={contract}>
        {children}
        <DialogFooter>
          <Button variant="outline" disabled={contract.pending} onClick={onCancel}>
            {cancelLabel}
          </Button>
          <SubmitButton contract={contract} pendingLabel={pendingLabel}>
            {submitLabel}
          </SubmitButton>
        </DialogFooter>
      </ContractFormView>
    </DialogContent>
  );
}
