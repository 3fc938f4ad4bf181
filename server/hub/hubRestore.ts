import { STEPS_BY_WORKER, WORKER_IDS, type IterationRecord, type WorkerId } from "../protocol";
import type { LocalStore } from "../store";
import { fromRow } from "./datasetRow";
import { parseShard, shardRange } from "./datasetShard";
import type { HubPublisher } from "./hubPublisher";

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
 * Space's disk does not survive a restart): the newest rows, back until every step has its
 * latest result or RESTORE_ROWS are read, are stored again, so iteration numbers, cumulative
 * insights and the latest findings and plans continue from the Hub. The outbox learns that
 * the dataset holds them, so nothing is published twice. A store already ahead is untouched.
 */
export async function restoreFromHub(publisher: HubPublisher, store: LocalStore): Promise<RestoreOutcome[]> {
  const outcomes: RestoreOutcome[] = [];
  for (const worker of WORKER_IDS) {
    const repo = publisher.status().datasets.find((d) => d.worker === worker)!.repo;
    const shards = (await publisher.session.listPaths(repo, "data"))
      .map((f) => shardRange(f.path))
      .filter((r) => r !== null)
      .sort((a, b) => b.last - a.last);
    const onHub = shards[0]?.last ?? -1;
    if (onHub >= 0) await publisher.outbox(worker).markPublished(onHub);
    if (onHub < store.nextIteration(worker)) {
      outcomes.push({ worker, onHub, restored: 0 });
      continue;
    }
    const wanted = new Set(STEPS_BY_WORKER[worker].map((s) => s.id));
    const records: IterationRecord[] = [];
    for (const shard of shards) {
      if (records.length >= RESTORE_ROWS || wanted.size === 0) break;
      const text = await publisher.session.readText(repo, shard.path);
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
    const next = store.nextIteration(worker);
    const fresh = records.filter((r) => r.iteration >= next).sort((a, b) => a.iteration - b.iteration);
    for (const record of fresh) {
      const { problem } = await store.append(record);
      if (problem) throw new Error(`the store could not keep what was restored: ${problem}`);
    }
    outcomes.push({ worker, onHub, restored: fresh.length });
  }
  return outcomes;
}
