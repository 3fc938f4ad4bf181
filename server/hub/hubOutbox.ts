import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DATASET_ROW_SCHEMAS, describeIssues, type DatasetRow, type WorkerId } from "../protocol";
import { WorkerLog, type LoadReport } from "../store";
import { writeFileDurably } from "./durableFile";

/**
 * The rows of one dataset that are not on the Hub yet, on disk: an append-only JSON Lines
 * file (the store's own log, so a torn or damaged line is set aside, never loaded) and a
 * watermark file holding the highest iteration the dataset is known to have. The watermark is
 * written before the log is compacted, so a crash between the two only leaves rows the next
 * load drops; a crash between the Hub's commit and the watermark leaves rows the next sync
 * finds already on the Hub by their shard names.
 */
export class HubOutbox {
  private rows: DatasetRow[] = [];
  private through = -1;
  private log: WorkerLog<DatasetRow>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Rows handed to add() whose durable append has not finished yet. */
  private incoming = 0;
  /** Lines the last load set aside, for the server log. */
  setAside: LoadReport<DatasetRow>["setAside"] = null;

  private constructor(
    readonly worker: WorkerId,
    private readonly dir: string,
  ) {
    this.log = this.newLog();
  }

  static async open(dir: string, worker: WorkerId): Promise<HubOutbox> {
    const outbox = new HubOutbox(worker, dir);
    await fs.mkdir(dir, { recursive: true });
    outbox.through = await readWatermark(outbox.watermarkFile);
    const report = await outbox.log.load();
    if (report.writeError) throw report.writeError;
    outbox.setAside = report.setAside;
    outbox.rows = dedupe(report.records.filter((r) => r.iteration > outbox.through));
    return outbox;
  }

  get file(): string {
    return path.join(this.dir, `${this.worker}.jsonl`);
  }

  private get watermarkFile(): string {
    return path.join(this.dir, `${this.worker}.published.json`);
  }

  /** Oldest first. */
  pending(): DatasetRow[] {
    return [...this.rows];
  }

  /**
   * Rows waiting, counting those still being written: status must never report an empty
   * outbox while an iteration the store already holds is on its way into it.
   */
  waiting(): number {
    return this.rows.length + this.incoming;
  }

  publishedThrough(): number {
    return this.through;
  }

  /** Durably adds a row; one already published or already waiting is ignored. */
  add(row: DatasetRow): Promise<void> {
    this.incoming++;
    return this.serially(async () => {
      try {
        if (row.iteration <= this.through || this.rows.some((r) => r.iteration === row.iteration)) return;
        await this.log.append(row);
        this.rows = dedupe([...this.rows, row]);
      } finally {
        this.incoming--;
      }
    });
  }

  /** Records that the dataset holds every iteration up to `through`, and drops those rows. */
  markPublished(through: number): Promise<void> {
    return this.serially(async () => {
      if (through <= this.through) return;
      await writeFileDurably(this.watermarkFile, JSON.stringify({ published_through: through }) + "\n");
      this.through = through;
      this.rows = this.rows.filter((r) => r.iteration > through);
      await this.log.close();
      await writeFileDurably(this.file, this.rows.map((r) => JSON.stringify(r) + "\n").join(""));
      this.log = this.newLog();
      const report = await this.log.load();
      if (report.writeError) throw report.writeError;
    });
  }

  close(): Promise<void> {
    return this.serially(() => this.log.close());
  }

  private newLog(): WorkerLog<DatasetRow> {
    const schema = DATASET_ROW_SCHEMAS[this.worker];
    return new WorkerLog<DatasetRow>(this.file, (value) => {
      const parsed = schema.safeParse(value);
      return parsed.success ? { ok: true, value: parsed.data as DatasetRow } : { ok: false, reason: `not a ${this.worker} dataset row: ${describeIssues(parsed.error)}` };
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function readWatermark(file: string): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return -1;
    throw err;
  }
  const value = (JSON.parse(text) as { published_through?: unknown }).published_through;
  if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${file} does not hold a published_through number`);
  return value;
}

function dedupe(rows: DatasetRow[]): DatasetRow[] {
  const byIteration = new Map(rows.map((r) => [r.iteration, r]));
  return [...byIteration.values()].sort((a, b) => a.iteration - b.iteration);
}
