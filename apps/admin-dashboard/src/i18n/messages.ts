import { uiMessages, type Lang } from '@prixagent/ui';

const en = {
  ...uiMessages.en,
  'app.name': 'Operator',
  'nav.label': 'Main',
  'nav.tenants': 'Tenants',
  'signIn.title': 'Operator sign-in',
  'signIn.intro': 'For the platform operator only: the account set in the server configuration.',
  'tenants.title': 'Tenants',
  'tenants.intro': 'Every business on the platform, newest first. Their credentials are never shown here.',
  'tenants.caption': 'Tenants, page {page}',
  'tenants.empty': 'There are no tenants yet.',
  'tenants.name': 'Name',
  'tenants.slug': 'Identifier',
  'tenants.email': 'Email',
  'tenants.plan': 'Plan',
  'tenants.status': 'Status',
  'tenants.created': 'Created',
  'tenants.closed': 'closed for good',
} as const;

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  ...uiMessages.es,
  'app.name': 'Operador',
  'nav.label': 'Principal',
  'nav.tenants': 'Clientes',
  'signIn.title': 'Acceso del operador',
  'signIn.intro': 'Solo para el operador de la plataforma: la cuenta definida en la configuración del servidor.',
  'tenants.title': 'Clientes',
  'tenants.intro': 'Todas las empresas de la plataforma, de la más reciente a la más antigua. Sus credenciales nunca se muestran aquí.',
  'tenants.caption': 'Clientes, página {page}',
  'tenants.empty': 'Todavía no hay clientes.',
  'tenants.name': 'Nombre',
  'tenants.slug': 'Identificador',
  'tenants.email': 'Correo electrónico',
  'tenants.plan': 'Plan',
  'tenants.status': 'Estado',
  'tenants.created': 'Alta',
  'tenants.closed': 'cerrada definitivamente',
};

export const messages: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, es };
