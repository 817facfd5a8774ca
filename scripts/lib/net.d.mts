export function portOpen(port: number, host?: string): Promise<boolean>;
export interface WaitForPortOptions {
  /** Default 15 000. */
  timeoutMs?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Checked between polls; true stops the wait with 'exited'. */
  exited?: () => boolean;
}
export function waitForPort(port: number, options?: WaitForPortOptions): Promise<'listening' | 'exited' | 'timeout'>;
export function freePort(): Promise<number>;
export function httpStatus(url: string): Promise<number>;
