import { QueryClient } from '@tanstack/react-query';
import { isRetryable } from './api-error.js';

/** The dashboards' one query cache, with the same freshness and retry rules in both. */
export function createDashboardQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx will not change by asking again; a network blip or a 5xx may.
        retry: (failures, error) => failures < 2 && isRetryable(error),
      },
    },
  });
}
