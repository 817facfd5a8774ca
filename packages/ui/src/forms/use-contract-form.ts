import { zodResolver } from '@hookform/resolvers/zod';
import { useRef, useState, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver, type UseFormReturn } from 'react-hook-form';
import { toast } from 'sonner';
import type { z } from 'zod';
import { apiFieldErrors } from '../api/api-error.js';
import { issueMessage } from './form-errors.js';
import { encodeFieldMessage } from './field-message.js';

/**
 * The contract's resolver, speaking the reader's language. zodResolver parses
 * (and so trims, defaults, transforms) exactly as the API will; its messages,
 * though, are the contract's English ones for the API's answers. When it
 * refuses, the same issues are read again for their kind and limits (empty,
 * too short, not an email) and carried as keys the form translates, so the text
 * follows a language switch.
 */
export function contractResolver<S extends z.ZodType<FieldValues, FieldValues>>(schema: S): Resolver<z.input<S>, unknown, z.output<S>> {
  const base = zodResolver(schema);
  return async (values, context, options) => {
    const result = await base(values, context, options);
    if (Object.keys(result.errors).length === 0) return result;
    const parsed = schema.safeParse(values);
    if (parsed.success) return result;
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      // The forms are flat: a nested issue belongs to its top-level field.
      const field = issue.path.length > 0 ? String(issue.path[0]) : 'root';
      if (field in errors) continue;
      const value: unknown = (values as Record<string, unknown>)[field];
      errors[field] = { type: issue.code, message: encodeFieldMessage(issueMessage(issue, value)) };
    }
    return { values: {}, errors: errors as FieldErrors<z.input<S>> };
  };
}

export interface UseContractFormOptions<S extends z.ZodType<FieldValues, FieldValues>, R> {
  /** The shared contract the API validates with (packages/contracts). */
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  /** Sends the checked values; throws (an ApiError) when the API refuses. */
  submit: (values: z.output<S>) => Promise<R>;
  onSuccess?: (result: R, values: z.output<S>) => void;
  /** The toast after success, in the reader's language; false when the page moves on by itself (sign-in). */
  successMessage: string | false;
  /** The form field an API `details[].field` path lands on, when the form is flatter than the body (`secrets.apiKey` -> `apiKey`). */
  apiField?: (path: string) => string;
}

export interface ContractForm<S extends z.ZodType<FieldValues, FieldValues>> {
  form: UseFormReturn<z.input<S>, unknown, z.output<S>>;
  onSubmit: (event?: FormEvent<HTMLFormElement>) => Promise<void>;
  pending: boolean;
  /** The last refusal, kept as the error itself so its text follows a language switch; null after success. */
  failure: unknown;
  clearFailure: () => void;
}

/**
 * The one submit flow of every form in both dashboards: the contract checks
 * the fields first (focus goes to the first problem); the API's per-field
 * `details` land on the fields they name, and the first gets the focus; the
 * refusal as a whole shows above the fields; a second submit is ignored while
 * one is under way; success says so in a toast.
 */
export function useContractForm<S extends z.ZodType<FieldValues, FieldValues>, R>({
  schema,
  defaultValues,
  submit,
  onSuccess,
  successMessage,
  apiField = (path) => path,
}: UseContractFormOptions<S, R>): ContractForm<S> {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: contractResolver(schema),
    defaultValues,
    shouldFocusError: true,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  // A ref as well as state: two quick submits run before React re-renders.
  const running = useRef(false);

  const send = async (values: z.output<S>) => {
    if (running.current) return;
    running.current = true;
    setPending(true);
    setFailure(null);
    try {
      const result = await submit(values);
      if (successMessage !== false) toast.success(successMessage);
      onSuccess?.(result, values);
    } catch (error) {
      setFailure(error);
      const fields = new Set(Object.keys(form.getValues()));
      let focused = false;
      for (const [path, text] of Object.entries(apiFieldErrors(error))) {
        const field = apiField(path);
        if (!fields.has(field) || form.getFieldState(field as Path<z.input<S>>).error) continue;
        form.setError(field as Path<z.input<S>>, { type: 'server', message: text }, { shouldFocus: !focused });
        focused = true;
      }
    } finally {
      running.current = false;
      setPending(false);
    }
  };

  const onSubmit = async (event?: FormEvent<HTMLFormElement>) => {
    // The client's own check failing is not the API refusing: the old refusal goes.
    setFailure(null);
    await form.handleSubmit(send)(event);
  };

  return { form, onSubmit, pending, failure, clearFailure: () => setFailure(null) };
}
