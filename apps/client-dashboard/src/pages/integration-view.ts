import type { Integration, IntegrationStatus, Provider } from '@prixagent/contracts';
import type { BadgeTone } from '@prixagent/ui';

/** Brand names are written the same in every language. */
export const providerNames: Record<Provider, string> = {
  twilio: 'Twilio',
  highlevel: 'HighLevel',
  elevenlabs: 'ElevenLabs',
  calcom: 'Cal.com',
};

export const integrationStatusTone: Record<IntegrationStatus, BadgeTone> = {
  not_configured: 'muted',
  unverified: 'warn',
  connected: 'ok',
  invalid: 'bad',
  error: 'bad',
  unreadable: 'bad',
};

/** How many providers have a credential saved, for the overview. */
export function configuredCount(items: readonly Integration[]): number {
  return items.filter((item) => item.configured).length;
}
