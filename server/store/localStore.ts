import * as path from "node:path";
import {
  RECORD_SCHEMAS,
  WORKER_IDS,
  describeIssues,
  type IterationRecord,
  type StoreRecovery,
  type WorkerId,
} from "../protocol";
import { WorkerLog } from "./workerLog";

/** How many recent records per worker stay in memory for status, the API and new clients. */
const RECENT_LIMIT = 200;

type RecordOf<W extends WorkerId> = Extract<IterationRecord, { worker: W }>;

function validatorFor(worker: WorkerId) {
  const schema = RECORD_SCHEMAS[worker];
  return (value: unknown) => {
    const result = schema.safeParse(value);
    return result.success
      ? { ok: true as const, value: result.data as IterationRecord }
      : { ok: false as const, reason: `not a valid ${worker} record: ${describeIssues(result.error)}` };
  };
}

/**
 * The embedded default store: one append-only JSON Lines file per worker in the data folder.
 * Keeps the latest record of every step and a bounded list of recent ones in memory.
 */
export class LocalStore {
  readonly recovered: StoreRecovery[] = [];
  private readonly logs = new Map<WorkerId, WorkerLog<IterationRecord>>();
  private readonly recentByWorker = new Map<WorkerId, IterationRecord[]>();
  private readonly latestByStep = new Map<string, IterationRecord>();
  private readonly next = new Map<WorkerId, number>();

  private constructor(readonly dataDir: string) {}

  static async open(dataDir: string): Promise<LocalStore> {
    const store = new LocalStore(path.resolve(dataDir));
    for (const worker of WORKER_IDS) await store.openWorker(worker);
    return store;
  }

  static fileFor(dataDir: string, worker: WorkerId): string {
    return path.join(dataDir, `${worker}.jsonl`);
  }

  /** The number the next iteration of this worker gets: numbering continues across restarts. */
  nextIteration(worker: WorkerId): number {
    return this.next.get(worker) ?? 0;
  }

  latest<W extends WorkerId>(worker: W): RecordOf<W> | undefined {
    const recent = this.recentByWorker.get(worker);
    return recent?.[recent.length - 1] as RecordOf<W> | undefined;
  }

  latestForStep<W extends WorkerId>(worker: W, stepId: string): RecordOf<W> | undefined {
    return this.latestByStep.get(`${worker}\u0000${stepId}`) as RecordOf<W> | undefined;
  }

  /** Oldest first, at most `limit` (and at most the in-memory window). */
  recent<W extends WorkerId>(worker: W, limit = RECENT_LIMIT): RecordOf<W>[] {
    const all = (this.recentByWorker.get(worker) ?? []) as RecordOf<W>[];
    return all.slice(Math.max(0, all.length - limit));
  }

  /** Validates the record against the one schema, then writes it durably before resolving. */
  async append(record: IterationRecord): Promise<void> {
    const validated = RECORD_SCHEMAS[record.worker].safeParse(record);
    if (!validated.success) {
      throw new Error(`refusing to store an invalid ${record.worker} record: ${describeIssues(validated.error)}`);
    }
    const expected = this.nextIteration(record.worker);
    if (record.iteration < expected) {
      throw new Error(`${record.worker} iteration ${record.iteration} is already stored (next is ${expected})`);
    }
    await this.logs.get(record.worker)!.append(validated.data as IterationRecord);
    this.remember(record);
  }

  async close(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.close()));
  }

  private async openWorker(worker: WorkerId): Promise<void> {
    const log = new WorkerLog<IterationRecord>(LocalStore.fileFor(this.dataDir, worker), validatorFor(worker));
    const report = await log.load();
    this.logs.set(worker, log);
    if (report.setAside) {
      this.recovered.push({
        worker,
        corrupt_file: report.setAside.file,
        lines: report.setAside.lines,
        at: new Date().toISOString(),
      });
    }
    for (const record of report.records) this.remember(record);
  }

  private remember(record: IterationRecord): void {
    const list = this.recentByWorker.get(record.worker) ?? [];
    list.push(record);
    if (list.length > RECENT_LIMIT) list.splice(0, list.length - RECENT_LIMIT);
    this.recentByWorker.set(record.worker, list);
    const stepId = record.worker === "implementation" ? record.stage_id : record.perspective_id;
    this.latestByStep.set(`${record.worker}\u0000${stepId}`, record);
    this.next.set(record.worker, Math.max(this.nextIteration(record.worker), record.iteration + 1));
  }
}
