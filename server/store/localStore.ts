import * as path from "node:path";
import {
  RECORD_SCHEMAS,
  WORKER_IDS,
  describeIssues,
  type IterationRecord,
  type StoreRecovery,
  type WorkerId,
} from "../protocol";
import { describeWriteFailure } from "./writeFailure";
import { WorkerLog, type SetAside } from "./workerLog";

/** How many recent records per worker stay in memory for status, the API and new clients. */
const RECENT_LIMIT = 200;

/**
 * A recent record as it was written: bytes outside the JavaScript heap. Two hundred analysis
 * records of a large workspace are a hundred MB of JSON and several times that as objects, which
 * the collector would trace and copy again and again while the server pushes to subscribers;
 * the few asked for whole (`record.get`, the API) are parsed when asked.
 */
interface KeptRecord {
  iteration: number;
  line: Buffer;
}

/**
 * How many records per worker wait in memory while their file cannot be written. Past this a
 * worker stops producing more (its iterations fail and back off), so memory stays bounded and
 * nothing that was made is thrown away.
 */
export const MAX_HELD_RECORDS = 50;

/** What an append or a flush made durable, in order, and why the rest is still held. */
export interface WriteOutcome {
  written: IterationRecord[];
  problem: string | null;
}

export interface StoreOptions {
  /** One line per write failure, recovery or loss, for the server log. */
  log?: (line: string) => void;
}

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
  private readonly recentByWorker = new Map<WorkerId, KeptRecord[]>();
  private readonly latestByWorker = new Map<WorkerId, IterationRecord>();
  private readonly latestByStep = new Map<string, IterationRecord>();
  private readonly next = new Map<WorkerId, number>();
  /** Records made but not yet written, oldest first: written before anything newer. */
  private readonly held = new Map<WorkerId, IterationRecord[]>();
  private readonly problems = new Map<WorkerId, string>();
  private readonly flushing = new Map<WorkerId, Promise<unknown>>();
  private readonly log: (line: string) => void;

  private constructor(
    readonly dataDir: string,
    options: StoreOptions,
  ) {
    this.log = options.log ?? (() => undefined);
  }

  static async open(dataDir: string, options: StoreOptions = {}): Promise<LocalStore> {
    const store = new LocalStore(path.resolve(dataDir), options);
    for (const worker of WORKER_IDS) await store.openWorker(worker);
    return store;
  }

  static fileFor(dataDir: string, worker: WorkerId): string {
    return path.join(dataDir, `${worker}.jsonl`);
  }

  /** The number the next iteration of this worker gets: numbering continues across restarts. */
  nextIteration(worker: WorkerId): number {
    const held = this.held.get(worker) ?? [];
    return held.length ? held[held.length - 1]!.iteration + 1 : (this.next.get(worker) ?? 0);
  }

  heldCount(worker: WorkerId): number {
    return this.held.get(worker)?.length ?? 0;
  }

  /** Why some worker's records cannot be written right now, with what to do; null when all is written. */
  writeProblem(): string | null {
    return this.problems.values().next().value ?? null;
  }

  latest<W extends WorkerId>(worker: W): RecordOf<W> | undefined {
    return this.latestByWorker.get(worker) as RecordOf<W> | undefined;
  }

  latestForStep<W extends WorkerId>(worker: W, stepId: string): RecordOf<W> | undefined {
    return this.latestByStep.get(`${worker}\u0000${stepId}`) as RecordOf<W> | undefined;
  }

  /** Oldest first, at most `limit` (and at most the in-memory window), from iteration `from` on. Each is parsed anew: ask for what you need. */
  recent<W extends WorkerId>(worker: W, limit = RECENT_LIMIT, from = 0): RecordOf<W>[] {
    const all = this.recentByWorker.get(worker) ?? [];
    return all
      .slice(Math.max(0, all.length - limit))
      .filter((kept) => kept.iteration >= from)
      .map((kept) => JSON.parse(kept.line.toString("utf8")) as RecordOf<W>);
  }

  /** One of the recent records by its number; undefined when it is not among them. */
  record<W extends WorkerId>(worker: W, iteration: number): RecordOf<W> | undefined {
    const kept = this.recentByWorker.get(worker)?.find((k) => k.iteration === iteration);
    return kept && (JSON.parse(kept.line.toString("utf8")) as RecordOf<W>);
  }

  /**
   * Validates the record against the one schema, then writes whatever this worker still holds
   * and this record, in order, each durably. A record the disk refuses is held in memory and
   * retried by the next append or flush; only what is in `written` is stored. Throws when the
   * record is invalid, its number is taken, or the worker already holds the most it may.
   */
  async append(record: IterationRecord): Promise<WriteOutcome> {
    const validated = RECORD_SCHEMAS[record.worker].safeParse(record);
    if (!validated.success) {
      throw new Error(`refusing to store an invalid ${record.worker} record: ${describeIssues(validated.error)}`);
    }
    const expected = this.nextIteration(record.worker);
    if (record.iteration < expected) {
      throw new Error(`${record.worker} iteration ${record.iteration} is already stored (next is ${expected})`);
    }
    const held = this.held.get(record.worker) ?? [];
    if (held.length >= MAX_HELD_RECORDS) {
      throw new Error(`${this.problems.get(record.worker) ?? "the store cannot be written"} (${held.length} iterations are waiting in memory already)`);
    }
    held.push(validated.data as IterationRecord);
    this.held.set(record.worker, held);
    return this.flush(record.worker);
  }

  /** Tries again to write the records this worker holds. */
  flush(worker: WorkerId): Promise<WriteOutcome> {
    // One flush at a time per worker, or two could write the same held record.
    const run = (this.flushing.get(worker) ?? Promise.resolve()).then(() => this.flushNow(worker));
    this.flushing.set(worker, run.catch(() => undefined));
    return run;
  }

  private async flushNow(worker: WorkerId): Promise<WriteOutcome> {
    const held = this.held.get(worker) ?? [];
    const written: IterationRecord[] = [];
    const log = this.logs.get(worker)!;
    while (held.length > 0) {
      let line: Buffer;
      try {
        line = await log.append(held[0]!);
      } catch (err) {
        const problem = `${describeWriteFailure(err, log.file)}. ${held.length} ${worker} iteration${held.length === 1 ? " is" : "s are"} held in memory and retried with every iteration (at most ${MAX_HELD_RECORDS}; then the worker waits).`;
        this.problems.set(worker, problem);
        this.log(`store: ${problem}`);
        return { written, problem };
      }
      const record = held.shift()!;
      this.remember(record, line);
      written.push(record);
    }
    if (this.problems.delete(worker)) {
      this.log(`store: ${log.file} is writable again; ${written.length} held ${worker} iteration(s) written`);
    }
    return { written, problem: null };
  }

  /** Writes what is held one last time; what still cannot be written is lost, and the log says so. */
  async close(): Promise<void> {
    for (const worker of WORKER_IDS) {
      if (this.heldCount(worker) === 0) continue;
      const { problem } = await this.flush(worker);
      if (problem) this.log(`store: stopping with ${this.heldCount(worker)} ${worker} iteration(s) that could not be written; they are lost`);
    }
    await Promise.all([...this.logs.values()].map((log) => log.close()));
  }

  private async openWorker(worker: WorkerId): Promise<void> {
    const file = LocalStore.fileFor(this.dataDir, worker);
    const log = new WorkerLog<IterationRecord>(file, validatorFor(worker), (setAside) => this.setAside(worker, setAside));
    const report = await log.load();
    this.logs.set(worker, log);
    if (report.setAside) this.setAside(worker, report.setAside);
    if (report.writeError) {
      const problem = `${describeWriteFailure(report.writeError, file)}. Its ${report.records.length} stored iterations were read; new ones are held in memory until it can be written.`;
      this.problems.set(worker, problem);
      this.log(`store: ${problem}`);
    }
    const recentFrom = report.records.length - RECENT_LIMIT;
    report.records.forEach((record, i) => this.remember(record, i >= recentFrom ? Buffer.from(JSON.stringify(record), "utf8") : null));
  }

  private setAside(worker: WorkerId, report: SetAside): void {
    this.recovered.push({ worker, corrupt_file: report.file, lines: report.lines, at: new Date().toISOString() });
  }

  /** `line` is the record as written; null for one read at startup that falls outside the recent window. */
  private remember(record: IterationRecord, line: Buffer | null): void {
    if (line !== null) {
      const list = this.recentByWorker.get(record.worker) ?? [];
      list.push({ iteration: record.iteration, line });
      if (list.length > RECENT_LIMIT) list.splice(0, list.length - RECENT_LIMIT);
      this.recentByWorker.set(record.worker, list);
    }
    this.latestByWorker.set(record.worker, record);
    const stepId = record.worker === "implementation" ? record.stage_id : record.perspective_id;
    this.latestByStep.set(`${record.worker}\u0000${stepId}`, record);
    this.next.set(record.worker, Math.max(this.nextIteration(record.worker), record.iteration + 1));
  }
}
