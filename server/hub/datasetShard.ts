import { shardPath, type DatasetRow } from "../protocol";

/** Text files under about 10 MB go inline in the commit; stay well below. */
export const MAX_SHARD_BYTES = 8 * 1024 * 1024;

/**
 * Pure: the oldest rows that fit in one shard, as its text. At least one row, even a large
 * one, so a single oversized iteration cannot block the ones after it.
 */
export function nextShard(rows: readonly DatasetRow[]): { path: string; text: string; rows: DatasetRow[] } | null {
  if (rows.length === 0) return null;
  const taken: DatasetRow[] = [];
  const lines: string[] = [];
  let bytes = 0;
  for (const row of rows) {
    const line = JSON.stringify(row) + "\n";
    const size = Buffer.byteLength(line);
    if (taken.length > 0 && bytes + size > MAX_SHARD_BYTES) break;
    taken.push(row);
    lines.push(line);
    bytes += size;
  }
  return { path: shardPath(taken[0]!.iteration, taken[taken.length - 1]!.iteration), text: lines.join(""), rows: taken };
}
