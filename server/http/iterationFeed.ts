import { WORKER_IDS, summarizeRecord, type IterationRecord, type IterationSummary, type WorkerId } from "../protocol";

/** How many summaries per worker a new subscriber gets: enough for a trend over the last rounds. */
export const HISTORY_PER_WORKER = 200;

/**
 * The summaries pushed to subscribers, and the short history a new subscriber starts from.
 * It remembers each analysis perspective's finding ids so a pass can be told as new and
 * resolved findings, without keeping the findings themselves.
 */
export class IterationFeed {
  private readonly summaries = new Map<WorkerId, IterationSummary[]>();
  private readonly lastIds = new Map<string, ReadonlySet<string>>();

  /** `seed`: each worker's stored records, oldest first. */
  constructor(seed: (worker: WorkerId) => readonly IterationRecord[]) {
    for (const worker of WORKER_IDS) for (const record of seed(worker)) this.add(record);
  }

  add(record: IterationRecord): IterationSummary {
    let previous: ReadonlySet<string> | null = null;
    if (record.worker === "analysis") {
      previous = this.lastIds.get(record.perspective_id) ?? null;
      // An errored pass says nothing about which findings still stand.
      if (record.status === "ok") this.lastIds.set(record.perspective_id, new Set(record.results.findings.map((f) => f.id)));
    }
    const summary = summarizeRecord(record, previous);
    const list = this.summaries.get(record.worker) ?? [];
    list.push(summary);
    if (list.length > HISTORY_PER_WORKER) list.splice(0, list.length - HISTORY_PER_WORKER);
    this.summaries.set(record.worker, list);
    return summary;
  }

  /** Every worker's recent summaries, oldest first within a worker. */
  history(): IterationSummary[] {
    return WORKER_IDS.flatMap((w) => this.summaries.get(w) ?? []);
  }
}
