import { loginRequestSchema, type LoginRequest } from '@prixagent/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { apiFieldErrors, describeError, type LocalizedMessage } from '../api/api-error.js';
import { validateForm } from '../forms/form-errors.js';
import { useI18n } from '../i18n/i18n-provider.js';
import { ErrorAlert } from './error-alert.js';

type FieldMessage = LocalizedMessage | { text: string };
type Field = keyof LoginRequest;

export interface SignInFormProps {
  onSubmit: (credentials: LoginRequest) => Promise<void>;
}

/**
 * Email and password, checked with the shared login contract before anything is
 * sent; the API's refusal (wrong password, back-off, suspended account) shows
 * above the fields, and its per-field reasons beside them.
 */
export function SignInForm({ onSubmit }: SignInFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({ email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, FieldMessage>>>({});
  // Kept as the error itself, so its text follows a language switch.
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const inputs = { email: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null) };

  const show = (message: FieldMessage) => ('text' in message ? message.text : t(message.key, message.params));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // Pasted addresses often carry spaces; the contract checks the format before it trims.
    const checked = validateForm(loginRequestSchema, { email: values.email.trim(), password: values.password });
    if (!checked.ok) {
      setFailure(null);
      setFieldErrors(checked.errors);
      const first = (['email', 'password'] as const).find((f) => f in checked.errors);
      if (first) inputs[first].current?.focus();
      return;
    }
    setFieldErrors({});
    setFailure(null);
    setPending(true);
    try {
      await onSubmit(checked.data);
    } catch (error) {
      setFailure(error);
      const fromApi = apiFieldErrors(error);
      setFieldErrors(Object.fromEntries(Object.entries(fromApi).map(([field, text]) => [field, { text }])));
    } finally {
      setPending(false);
    }
  }

  const field = (name: Field, label: string, type: string, autoComplete: string) => {
    const error = fieldErrors[name];
    const errorId = `${id}-${name}-error`;
    return (
      <div className="px-field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          ref={inputs[name]}
          id={`${id}-${name}`}
          name={name}
          type={type}
          autoComplete={autoComplete}
          aria-required="true"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
        />
        {error ? (
          <p id={errorId} className="px-field__error">
            {show(error)}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form className="px-form" noValidate onSubmit={(e) => void submit(e)}>
      {failure ? (
        <ErrorAlert>
          <p>{describeError(failure, t)}</p>
        </ErrorAlert>
      ) : null}
      {field('email', t('signIn.email'), 'email', 'username')}
      {field('password', t('signIn.password'), 'password', 'current-password')}
      <button type="submit" className="px-button" disabled={pending}>
        {pending ? t('signIn.submitting') : t('signIn.submit')}
      </button>
    </form>
  );
}
