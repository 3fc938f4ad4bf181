import type { DatasetRow } from "../protocol";

// A shard is one JSON Lines file under data/, named for the iterations it holds. Numbers are
// zero-padded so that name order is iteration order: the datasets library reads the glob in
// sorted order, so the last row of the train split is the newest iteration.

const WIDTH = 10;
const SHARD = /^data\/iterations-(\d+)-(\d+)\.jsonl$/;

/** Text files under about 10 MB go inline in the commit; stay well below. */
export const MAX_SHARD_BYTES = 8 * 1024 * 1024;

export interface ShardRange {
  path: string;
  first: number;
  last: number;
}

export function shardPath(first: number, last: number): string {
  return `data/iterations-${String(first).padStart(WIDTH, "0")}-${String(last).padStart(WIDTH, "0")}.jsonl`;
}

/** The iterations a file holds, from its name; null for anything that is not a shard. */
export function shardRange(path: string): ShardRange | null {
  const m = SHARD.exec(path);
  if (!m) return null;
  const first = Number(m[1]);
  const last = Number(m[2]);
  return first <= last ? { path, first, last } : null;
}

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

/** Pure: a shard's text as rows (blank lines ignored); throws naming the bad line. */
export function parseShard(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, i }) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch (err) {
        throw new Error(`line ${i + 1} is not JSON: ${(err as Error).message}`);
      }
    });
}
