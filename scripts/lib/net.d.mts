export function portOpen(port: number, host?: string): Promise<boolean>;
export function freePort(): Promise<number>;
export function httpStatus(url: string): Promise<number>;
