export interface DevPorts {
  API_PORT: number;
  CLIENT_PORT: number;
  ADMIN_PORT: number;
}
export type DerivedUrlName = 'PUBLIC_API_URL' | 'CLIENT_APP_URL' | 'ADMIN_APP_URL' | 'CORS_ORIGIN';
export const DEFAULT_PORTS: Readonly<DevPorts>;
export const DERIVED_URLS: readonly DerivedUrlName[];
export function urlsForPorts(ports: DevPorts): Record<DerivedUrlName, string>;
export function devEnvironment(
  fileEnv: Record<string, string>,
  shellEnv: Record<string, string | undefined>,
): { env: Record<string, string>; derived: DerivedUrlName[] };
