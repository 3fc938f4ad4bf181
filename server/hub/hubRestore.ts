import { STEPS_BY_WORKER, WORKER_IDS, fromRow, parseShard, shardRange, type IterationRecord, type WorkerId } from "../protocol";
import type { LocalStore } from "../store";
import type { HubPublisher } from "./hubPublisher";
import type { HubSession } from "./hubSession";

/** Enough history for the status, the API and every step's latest result. */
const RESTORE_ROWS = 200;

export interface RestoreOutcome {
  worker: WorkerId;
  /** The highest iteration the dataset holds; -1 when it holds none. */
  onHub: number;
  restored: number;
}

/**
 * Brings the local store up to what the datasets hold, for a server whose disk is new (a
 * Space's disk does not survive a restart). The outbox learns that the datasets hold those
 * iterations, so nothing is published twice. A store already ahead is untouched.
 */
export async function restoreFromHub(publisher: HubPublisher, store: LocalStore): Promise<RestoreOutcome[]> {
  const outcomes: RestoreOutcome[] = [];
  for (const worker of WORKER_IDS) {
    const repo = publisher.status().datasets.find((d) => d.worker === worker)!.repo;
    const outcome = await catchUpFromDataset(publisher.session, repo, worker, store);
    if (outcome.onHub >= 0) await publisher.outbox(worker).markPublished(outcome.onHub);
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * Stores the dataset's rows newer than the store's own, newest shards first: into an empty
 * store back until every step has its latest result, into one with history every newer row;
 * at most about RESTORE_ROWS either way. Iteration numbers, cumulative insights and the
 * latest findings and plans then continue from the Hub.
 */
export async function catchUpFromDataset(session: HubSession, repo: string, worker: WorkerId, store: LocalStore): Promise<RestoreOutcome> {
  const shards = (await session.listPaths(repo, "data"))
    .map((f) => shardRange(f.path))
    .filter((r) => r !== null)
    .sort((a, b) => b.last - a.last);
  const onHub = shards[0]?.last ?? -1;
  const next = store.nextIteration(worker);
  if (onHub < next) return { worker, onHub, restored: 0 };
  const wanted = new Set(STEPS_BY_WORKER[worker].map((s) => s.id));
  const records: IterationRecord[] = [];
  for (const shard of shards) {
    // An empty store needs only each step's latest; one with history gets every newer row.
    if (shard.last < next || records.length >= RESTORE_ROWS || (next === 0 && wanted.size === 0)) break;
    const text = await session.readText(repo, shard.path);
    if (text === null) continue;
    let rows;
    try {
      rows = parseShard(text);
    } catch (err) {
      throw new Error(`${repo}/${shard.path} cannot be read back: ${(err as Error).message}`);
    }
    for (const row of rows.reverse()) {
      const record = fromRow(worker, row);
      records.push(record);
      wanted.delete(record.worker === "implementation" ? record.stage_id : record.perspective_id);
    }
  }
  const fresh = records.filter((r) => r.iteration >= next).sort((a, b) => a.iteration - b.iteration);
  for (const record of fresh) {
    const { problem } = await store.append(record);
    if (problem) throw new Error(`the store could not keep what was read from ${repo}: ${problem}`);
  }
  return { worker, onHub, restored: fresh.length };
}
