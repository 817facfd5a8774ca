import { integrationListSchema, meResponseSchema } from '@prixagent/contracts';
import { apiCall, isRetryable } from '@prixagent/ui';
import { QueryClient, queryOptions } from '@tanstack/react-query';
import { api } from './session';

export function createQueryClient(): QueryClient {
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

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: () => apiCall(api.GET('/api/v1/me'), meResponseSchema),
});

export const integrationsQuery = queryOptions({
  queryKey: ['integrations'],
  queryFn: () => apiCall(api.GET('/api/v1/integrations'), integrationListSchema),
});
