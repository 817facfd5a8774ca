import { accountPageSchema, accountSchema, type Account } from '@prixagent/contracts';
import { apiCall } from '@prixagent/ui';
import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import { api } from './session';

export const TENANTS_PAGE_SIZE = 20;

/** The prefix of every page of the tenant list: invalidated whenever a tenant is created or changes. */
export const TENANTS_KEY = ['accounts'] as const;

export function tenantsQuery(cursor: string | undefined) {
  return queryOptions({
    queryKey: [...TENANTS_KEY, { cursor: cursor ?? null, limit: TENANTS_PAGE_SIZE }],
    queryFn: () =>
      apiCall(
        api.GET('/api/v1/admin/accounts', { params: { query: { limit: TENANTS_PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
        accountPageSchema,
      ),
    // The old page stays on screen while the next one loads.
    placeholderData: keepPreviousData,
  });
}

export function tenantQuery(id: string) {
  return queryOptions({
    queryKey: ['account', id],
    queryFn: () => apiCall(api.GET('/api/v1/admin/accounts/{id}', { params: { path: { id } } }), accountSchema),
  });
}

/** A tenant the API just answered with: its page shows it at once, and every page of the list is fetched again. */
export function tenantChanged(queryClient: QueryClient, account: Account): void {
  queryClient.setQueryData(tenantQuery(account.id).queryKey, account);
  void queryClient.invalidateQueries({ queryKey: TENANTS_KEY });
}
