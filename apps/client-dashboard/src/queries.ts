import { integrationListSchema, meResponseSchema, teamResponseSchema } from '@prixagent/contracts';
import { apiCall } from '@prixagent/ui';
import { queryOptions } from '@tanstack/react-query';
import { api } from './session';

export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: () => apiCall(api.GET('/api/v1/me'), meResponseSchema),
});

export const integrationsQuery = queryOptions({
  queryKey: ['integrations'],
  queryFn: () => apiCall(api.GET('/api/v1/integrations'), integrationListSchema),
});

export const teamQuery = queryOptions({
  queryKey: ['team'],
  queryFn: () => apiCall(api.GET('/api/v1/team'), teamResponseSchema),
});
