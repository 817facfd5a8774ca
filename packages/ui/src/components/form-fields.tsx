import { useId, type Ref } from 'react';
import { fieldMessageText, type FieldMessage } from '../forms/form-errors.js';
import { useI18n } from '../i18n/i18n-provider.js';

interface FieldBase {
  name: string;
  label: string;
  /** Shown under the label before anything goes wrong (the rules of the field, say). */
  hint?: string | undefined;
  error?: FieldMessage | undefined;
  required?: boolean;
}

/** The ids that tie a field to its hint and error, so screen readers read them with it. */
function describedBy(id: string, hint: string | undefined, error: FieldMessage | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldNotes({ id, hint, error }: { id: string; hint: string | undefined; error: FieldMessage | undefined }) {
  const { t } = useI18n();
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="px-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="px-field__error">
          {fieldMessageText(error, t)}
        </p>
      ) : null}
    </>
  );
}

interface TextFieldBase extends FieldBase {
  value: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * Editable, or read-only: a value the person cannot change but that belongs to
 * the form all the same (the email an invite is for, which a password manager
 * must see beside the new password to save them together).
 */
export type TextFieldProps = TextFieldBase & ({ readOnly?: false; onChange: (value: string) => void } | { readOnly: true; onChange?: never });

/** A labelled input with its hint and error beside it; validation happens in the form, with the shared schemas. */
export function TextField({ name, label, hint, error, required = true, value, onChange, readOnly, type = 'text', autoComplete, inputRef }: TextFieldProps) {
  const id = useId();
  return (
    <div className="px-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        readOnly={readOnly}
        aria-required={required && !readOnly ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export interface SelectFieldProps<V extends string> extends FieldBase {
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
}

export function SelectField<V extends string>({ name, label, hint, error, value, options, onChange }: SelectFieldProps<V>) {
  const id = useId();
  return (
    <div className="px-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        value={value}
        onChange={(e) => {
          // Only our own options can be chosen; find it rather than cast the DOM's string.
          const chosen = options.find((option) => option.value === e.target.value);
          if (chosen) onChange(chosen.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
