export interface SnapshotEntry {
  mtimeMs: number;
  size: number;
  hash: string;
}
export type Snapshot = Map<string, SnapshotEntry>;
export function takeSnapshot(roots: string[], previous?: Snapshot): Snapshot;
export function snapshotChanges(before: Snapshot, after: Snapshot): string[];
export function dependencyOutputs(dir: string, seen?: Set<string>): string[];
