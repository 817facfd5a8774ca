import { CircleAlertIcon } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { describeError } from '../api/api-error.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { cn } from '../lib/cn.js';
import { Alert, AlertDescription } from '../primitives/alert.js';
import { Button, type ButtonProps } from '../primitives/button.js';
import { Input, NativeSelect } from '../primitives/input.js';
import { Label } from '../primitives/label.js';
import { fieldErrorText } from './field-message.js';
import type { ContractForm } from './use-contract-form.js';

export interface ContractFormViewProps<S extends z.ZodType<FieldValues, FieldValues>> {
  contract: ContractForm<S>;
  children: ReactNode;
  className?: string;
  /** Names the form for assistive technology when the page has several. */
  'aria-label'?: string;
}

/** A form driven by useContractForm: the refusal above the fields, the browser's own validation off (the contract's speaks our language). */
export function ContractFormView<S extends z.ZodType<FieldValues, FieldValues>>({ contract, children, className, ...rest }: ContractFormViewProps<S>) {
  return (
    <form noValidate className={cn('grid gap-4', className)} onSubmit={(event) => void contract.onSubmit(event)} {...rest}>
      {contract.failure ? <FailureAlert error={contract.failure} /> : null}
      {children}
    </form>
  );
}

/** A failed request, in the reader's language, announced as it appears. */
export function FailureAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Alert variant="destructive" role="alert">
      <CircleAlertIcon aria-hidden="true" />
      <AlertDescription>
        <p>{describeError(error, t)}</p>
        {children}
      </AlertDescription>
    </Alert>
  );
}

export function SubmitButton<S extends z.ZodType<FieldValues, FieldValues>>({
  contract,
  pendingLabel,
  children,
  ...props
}: Omit<ButtonProps, 'type'> & { contract: ContractForm<S>; pendingLabel: string }) {
  return (
    <Button type="submit" disabled={contract.pending || props.disabled} aria-disabled={contract.pending || undefined} {...props}>
      {contract.pending ? pendingLabel : children}
    </Button>
  );
}

interface FieldProps<T extends FieldValues, O> {
  form: UseFormReturn<T, unknown, O>;
  name: Path<T>;
  label: string;
  /** Shown under the label before anything goes wrong (the rules of the field, say). */
  hint?: string | undefined;
  required?: boolean;
  className?: string;
}

function useFieldIds<T extends FieldValues, O>(form: UseFormReturn<T, unknown, O>, name: Path<T>, hint: string | undefined) {
  const { t } = useI18n();
  const id = useId();
  const raw = form.formState.errors[name]?.message;
  const error = fieldErrorText(typeof raw === 'string' ? raw : undefined, t);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

export interface FieldFrameProps {
  /** The id of the control inside, which the label names and the hint and error describe (`${id}-hint`, `${id}-error`). */
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}

/** A control with its label above, its hint and its error: the one layout of every field. */
export function FieldFrame({ id, label, hint, error, className, children }: FieldFrameProps) {
  return (
    <div className={cn('grid gap-1.5', className)}>
      <Label htmlFor={id}>{label}</Label>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps<T extends FieldValues, O> extends FieldProps<T, O> {
  type?: 'text' | 'email' | 'password' | 'tel' | 'url';
  autoComplete?: string;
  readOnly?: boolean;
  placeholder?: string;
  /** Identifiers and keys: no spell checking, no capitalising. */
  technical?: boolean;
}

/** A labelled input bound to the form, with its hint and error tied to it for screen readers. */
export function TextField<T extends FieldValues, O>({ form, name, label, hint, required = true, className, type = 'text', autoComplete, readOnly, placeholder, technical }: TextFieldProps<T, O>) {
  const { id, error, describedBy } = useFieldIds(form, name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <Input
        id={id}
        type={type}
        autoComplete={autoComplete}
        readOnly={readOnly}
        placeholder={placeholder}
        aria-required={required && !readOnly ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...(technical ? { spellCheck: false, autoCapitalize: 'none', autoCorrect: 'off' } : {})}
        {...form.register(name)}
      />
    </FieldFrame>
  );
}

export interface SelectFieldProps<T extends FieldValues, O> extends FieldProps<T, O> {
  options: readonly { value: string; label: string }[];
}

export function SelectField<T extends FieldValues, O>({ form, name, label, hint, className, options }: SelectFieldProps<T, O>) {
  const { id, error, describedBy } = useFieldIds(form, name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <NativeSelect id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...form.register(name)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
    </FieldFrame>
  );
}

/**
 * A value that belongs to the form but is not edited here (the login email
 * beside a new password, so a password manager saves them together).
 */
export function ReadOnlyField({ label, value, hint, type = 'text', autoComplete }: { label: string; value: string; hint?: string; type?: 'text' | 'email'; autoComplete?: string }) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint}>
      <Input id={id} type={type} value={value} readOnly autoComplete={autoComplete} aria-describedby={hint ? `${id}-hint` : undefined} />
    </FieldFrame>
  );
}

