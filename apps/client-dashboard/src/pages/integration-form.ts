import { credentialInputSchemas, identifierFieldsByProvider, type CredentialInput, type Provider, type Role } from '@prixagent/contracts';
import { z } from 'zod';

/** The named keys of an object type; an empty config's `Record<string, never>` has none. */
type NamedKeys<T> = { [K in keyof T]: string extends K ? never : K }[keyof T] & string;

/** Every field name any provider's contract uses, secret or config; TypeScript keeps it in step with the contract. */
export type CredentialFieldName =
  | { [P in Provider]: NamedKeys<CredentialInput<P>['secrets']> }[Provider]
  | { [P in Provider]: NamedKeys<CredentialInput<P>['config']> }[Provider];

export type CredentialBody = CredentialInput<Provider>;

export interface CredentialField {
  name: CredentialFieldName;
  /** Secrets are write-only: a password input, never prefilled. Config is stored in the clear and shown back. */
  secret: boolean;
  /** A secret field that only identifies the account (the Twilio Account SID): the API shows it back, so the form does too. */
  shown: boolean;
}

/** Where each field's label and rules live in the dictionaries; a Record, so a new contract field fails typecheck here. */
export const credentialFieldKeys = {
  accountSid: { label: 'integrations.field.accountSid', hint: 'integrations.fieldHint.accountSid' },
  authToken: { label: 'integrations.field.authToken', hint: 'integrations.fieldHint.authToken' },
  apiKey: { label: 'integrations.field.apiKey', hint: 'integrations.fieldHint.apiKey' },
  locationId: { label: 'integrations.field.locationId', hint: 'integrations.fieldHint.locationId' },
  agentId: { label: 'integrations.field.agentId', hint: 'integrations.fieldHint.agentId' },
} as const satisfies Record<CredentialFieldName, { label: string; hint: string }>;

function isFieldName(name: string): name is CredentialFieldName {
  return Object.hasOwn(credentialFieldKeys, name);
}

/** The keys of an object schema, looking through `.default({})` (Twilio's and Cal.com's empty config). */
function objectKeys(schema: z.ZodType): string[] {
  const inner = schema instanceof z.ZodDefault ? schema.unwrap() : schema;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/**
 * The form's fields, read from the provider's shared contract schema so the
 * page asks for exactly what the API validates: secrets first, then config.
 */
export function credentialFields(provider: Provider): CredentialField[] {
  const { secrets, config } = credentialInputSchemas[provider].shape;
  const shown = new Set(identifierFieldsByProvider[provider]);
  const pick = (names: string[], secret: boolean) => names.filter(isFieldName).map((name) => ({ name, secret, shown: !secret || shown.has(name) }));
  return [...pick(objectKeys(secrets), true), ...pick(objectKeys(config), false)];
}

export type CredentialValues = Partial<Record<CredentialFieldName, string>>;

/**
 * The form's starting values: secrets always empty (the API never returns
 * them), config fields and shown identifiers from what the API answered.
 */
export function initialValues(provider: Provider, config: Readonly<Record<string, unknown>>): CredentialValues {
  const values: CredentialValues = {};
  for (const field of credentialFields(provider)) {
    const stored = config[field.name];
    values[field.name] = field.shown && typeof stored === 'string' ? stored : '';
  }
  return values;
}

/** The `{ secrets, config }` body the contract expects, from the flat form values. */
export function credentialBody(provider: Provider, values: Readonly<Record<string, string | undefined>>): { secrets: Record<string, string>; config: Record<string, string> } {
  const body = { secrets: {} as Record<string, string>, config: {} as Record<string, string> };
  for (const field of credentialFields(provider)) body[field.secret ? 'secrets' : 'config'][field.name] = values[field.name] ?? '';
  return body;
}

/** The request body, checked by the provider's whole contract (the form has checked each field already). */
export function credentialRequest(provider: Provider, values: Readonly<Record<string, string | undefined>>): CredentialBody {
  const schema: z.ZodType<CredentialBody> = credentialInputSchemas[provider];
  return schema.parse(credentialBody(provider, values));
}

/** The flat values the form edits, one per field. */
export type CredentialFormValues = Record<string, string>;

/** A field's own rules, from inside the provider's `secrets` or `config` schema (looking through `.default({})`). */
function fieldSchema(provider: Provider, field: CredentialField): z.ZodType<string, string> {
  const part = credentialInputSchemas[provider].shape[field.secret ? 'secrets' : 'config'];
  const inner: z.ZodType = part instanceof z.ZodDefault ? part.unwrap() : part;
  const schema = inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>)[field.name] : undefined;
  if (!schema) throw new Error(`No contract rule for ${provider}.${field.name}`);
  return schema as z.ZodType<string, string>;
}

/**
 * The form's schema: the provider's contract flattened to one field each, with
 * exactly the contract's rules, so the form checks what the API will before
 * anything is sent (the body is rebuilt by credentialBody).
 */
export function credentialFormSchema(provider: Provider): z.ZodObject<Record<string, z.ZodType<string, string>>> {
  return z.object(Object.fromEntries(credentialFields(provider).map((field) => [field.name, fieldSchema(provider, field)])));
}

/** The API names fields by their dotted path (`secrets.apiKey`); the form by the last part, unique within a provider. */
export function credentialApiField(path: string): string {
  return path.split('.').pop() ?? path;
}

/** Mirrors the API's @Roles('owner', 'admin') on PUT and DELETE; the API still decides. */
export function canWriteIntegrations(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
