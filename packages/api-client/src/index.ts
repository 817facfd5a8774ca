import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, paths, operations } from './schema.js';

export type ApiClient = Client<paths>;

/**
 * The one route under /api/v1/auth/ that takes an access token: its 401 is
 * about the token (expired, or ended by a password change in this very tab),
 * so a refresh helps. A wrong current password there is a 400, not a 401.
 */
const TOKEN_ROUTES_UNDER_AUTH: ReadonlySet<string> = new Set(['/api/v1/auth/password']);

/** Sign-in style routes answer 401 about what was typed (a wrong password, a used invite): refreshing would not help. */
function refreshMayHelp(url: string): boolean {
  const path = new URL(url).pathname;
  return !path.startsWith('/api/v1/auth/') || TOKEN_ROUTES_UNDER_AUTH.has(path);
}

export interface ApiClientOptions {
  baseUrl: string;
  /** Returns the in-memory access token; never stored in localStorage. */
  getAccessToken?: () => string | null | undefined;
  /** Called once on a 401: returns a fresh token (after POST /api/v1/auth/refresh) or null. */
  refresh?: () => Promise<string | null>;
  fetch?: typeof fetch;
}

/**
 * Typed client over the committed OpenAPI document: paths, methods, parameters
 * and bodies are checked at compile time. A 401 triggers one refresh and one retry.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, credentials: 'include', ...(options.fetch ? { fetch: options.fetch } : {}) });
  // An untouched copy of each request, since fetch consumes the body of the original.
  const copies = new WeakMap<Request, Request>();
  const auth: Middleware = {
    onRequest({ request }) {
      const token = options.getAccessToken?.();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      if (options.refresh) copies.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const copy = copies.get(request);
      if (response.status !== 401 || !options.refresh || !copy || !refreshMayHelp(request.url)) return response;
      const token = await options.refresh();
      if (!token) return response;
      copy.headers.set('authorization', `Bearer ${token}`);
      return (options.fetch ?? fetch)(copy);
    },
  };
  client.use(auth);
  return client;
}
