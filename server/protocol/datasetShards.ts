// A shard is one JSON Lines file under data/ of a Hub dataset, named for the iterations it
// holds. Numbers are zero-padded so that name order is iteration order: the datasets library
// reads the glob in sorted order, so the last row of the train split is the newest iteration.

const WIDTH = 10;
const SHARD = /^data\/iterations-(\d+)-(\d+)\.jsonl$/;

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
