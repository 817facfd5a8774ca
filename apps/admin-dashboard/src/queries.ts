import { accountPageSchema } from '@prixagent/contracts';
import { apiCall } from '@prixagent/ui';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from './session';

export const TENANTS_PAGE_SIZE = 20;

export function tenantsQuery(cursor: string | undefined) {
  return queryOptions({
    queryKey: ['accounts', { cursor: cursor ?? null, limit: TENANTS_PAGE_SIZE }],
    queryFn: () =>
      apiCall(
        api.GET('/api/v1/admin/accounts', { params: { query: { limit: TENANTS_PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
        accountPageSchema,
      ),
    // The old page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}
