import { QueryClient } from '@tanstack/react-query';
import { isTransientNetworkError } from './api-error.js';

/** Long enough for an API restarting (a deploy, the dev watcher) to be back for the one retry. */
export const QUERY_RETRY_DELAY_MS = 1_500;

/**
 * Whether a failed query tries again: once, and only when the API was not
 * there to answer (a network error, or 502/503/504 from the proxy). Then the
 * page shows the error once. A 4xx will not change by asking again, and a 500
 * is a bug that will not either. `failureCount` is TanStack Query's: the
 * failures before this one (0 on the first).
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  return failureCount < 1 && isTransientNetworkError(error);
}

/** The dashboards' one query cache, with the same freshness and retry rules in both. */
export function createDashboardQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: shouldRetryQuery,
        retryDelay: QUERY_RETRY_DELAY_MS,
      },
      // A write is never repeated on its own: the first may have reached the API before the connection dropped.
      mutations: { retry: false },
    },
  });
}
