import { createDashboardSession } from '@prixagent/ui';

/**
 * The app's one API client and session. The API is reached on this origin under
 * /api (Vite's proxy in development, nginx in production), so no URL is configured.
 */
export const { api, session, signIn, acceptInvite } = createDashboardSession('tenant', { baseUrl: window.location.origin });
