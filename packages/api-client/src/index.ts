import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, paths, operations } from './schema.js';

export type ApiClient = Client<paths>;

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
      // Auth routes answer 401 for bad credentials: refreshing would not help there.
      if (response.status !== 401 || !options.refresh || !copy || new URL(request.url).pathname.startsWith('/api/v1/auth/')) return response;
      const token = await options.refresh();
      if (!token) return response;
      copy.headers.set('authorization', `Bearer ${token}`);
      return (options.fetch ?? fetch)(copy);
    },
  };
  client.use(auth);
  return client;
}
