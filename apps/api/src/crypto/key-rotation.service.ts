import { Inject, Injectable, Logger } from '@nestjs/common';
import { unwrapDataKey, wrapDataKey } from './envelope.js';
import { Keyring } from './keyring.js';
import { TenantKeyRepository, type TenantKeyRecord } from './tenant-key.repository.js';

export interface RotationProgress {
  /** Keys moved to the current KEK so far in this run. */
  rewrapped: number;
  /** Distinct keys this run cannot move: KEK id not in the keyring, or unwrap failed. */
  skipped: number;
}

export interface RotationOptions {
  batchSize?: number;
  onProgress?: (progress: RotationProgress) => void;
}

export interface RotationResult {
  rewrapped: number;
  skipped: number;
  /** Rows per non-current KEK id after the run; every previous id is listed, even at 0. */
  remainingByKekId: Record<string, number>;
}

export const DEFAULT_ROTATION_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 10_000;
// Each pass after the first only revisits rows that changed under us; a bound keeps a
// pathological writer from holding the command forever.
const MAX_PASSES = 20;

/**
 * Moves every tenant data key to the current KEK while the API keeps serving.
 *
 * Only the wrapping changes, never the data key, so no field ciphertext and no credential
 * row is touched. Each row is updated with a compare-and-set on the old wrapped value: a
 * key destroyed, rewrapped by another process, or created meanwhile is not overwritten; the
 * next pass looks again. The run is resumable by construction: it always starts from the
 * rows still under a non-current key id.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger(KeyRotationService.name);

  constructor(
    @Inject(Keyring) private readonly keyring: Keyring,
    @Inject(TenantKeyRepository) private readonly tenantKeys: TenantKeyRepository,
  ) {}

  async rotate(opts: RotationOptions = {}): Promise<RotationResult> {
    const batchSize = opts.batchSize ?? DEFAULT_ROTATION_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_SIZE}`);
    }
    const currentId = this.keyring.current.id;
    const skipped = new Set<string>();
    const unknownKekIds = new Set<string>();
    let rewrapped = 0;

    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      let movedThisPass = 0;
      let conflictsThisPass = 0;
      let after: string | null = null;
      for (;;) {
        const batch = await this.tenantKeys.findBatchNotUsingKek(currentId, after, batchSize);
        for (const row of batch) {
          after = row.accountId;
          const outcome = await this.rewrap(row, currentId);
          if (outcome === 'rewrapped') {
            rewrapped += 1;
            movedThisPass += 1;
            skipped.delete(row.accountId);
          } else if (outcome === 'conflict') {
            conflictsThisPass += 1;
          } else {
            if (outcome === 'unknown-kek') unknownKekIds.add(row.kekId);
            else if (!skipped.has(row.accountId)) {
              this.logger.warn(`Tenant key of account ${row.accountId} (key id "${row.kekId}") does not unwrap; left as is`);
            }
            skipped.add(row.accountId);
          }
        }
        if (batch.length > 0) opts.onProgress?.({ rewrapped, skipped: skipped.size });
        if (batch.length < batchSize) break;
      }
      // A pass that moved nothing and lost no race leaves only rows this keyring cannot
      // move. A pass that did either gets a follow-up, which also picks up keys created
      // behind the cursor by replicas still running with the old current key.
      if (movedThisPass === 0 && conflictsThisPass === 0) break;
      if (pass === MAX_PASSES) this.logger.warn(`Stopped after ${MAX_PASSES} passes; run the rotation again`);
    }

    for (const id of unknownKekIds) {
      this.logger.warn(`Tenant keys wrapped under key id "${id}" cannot be rotated: that id is not in the keyring`);
    }
    return { rewrapped, skipped: skipped.size, remainingByKekId: await this.remainingByKekId() };
  }

  /** Rows still wrapped under each non-current KEK id; previous ids with no rows show 0. */
  async remainingByKekId(): Promise<Record<string, number>> {
    const counts = await this.tenantKeys.countByKekId();
    const remaining: Record<string, number> = {};
    for (const id of this.keyring.previousIds) remaining[id] = 0;
    for (const [id, count] of Object.entries(counts)) {
      if (id !== this.keyring.current.id) remaining[id] = count;
    }
    return remaining;
  }

  private async rewrap(row: TenantKeyRecord, currentId: string): Promise<'rewrapped' | 'conflict' | 'unknown-kek' | 'unreadable'> {
    if (!this.keyring.has(row.kekId)) return 'unknown-kek';
    let dek: Buffer;
    try {
      dek = unwrapDataKey(this.keyring, row.accountId, row.wrappedKey);
    } catch {
      return 'unreadable';
    }
    const updated = await this.tenantKeys.updateWrapped(row.accountId, row.wrappedKey, wrapDataKey(this.keyring, row.accountId, dek), currentId);
    return updated ? 'rewrapped' : 'conflict';
  }
}
