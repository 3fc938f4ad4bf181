import {
  ANALYSIS_PERSPECTIVES,
  PROTOCOL_VERSION,
  STEPS_BY_WORKER,
  TEST_PLANNING_PERSPECTIVES,
  WORKER_IDS,
  datasetRepo,
  emptyInsights,
  fromRow,
  parseShard,
  readOnlyWorkerStatus,
  shardRange,
  summarizeRecord,
  type ClientMessage,
  type ShardRange,
  type IterationRecord,
  type ServerMessage,
  type TestPlan,
  type WorkerId,
} from "../server/protocol";
import type { ConnectionState, Transport } from "./transport";

export interface HubSource {
  /** The Hub's base URL, e.g. https://huggingface.co. */
  hubUrl: string;
  namespace: string;
  datasetPrefix: string;
  /** A token for private datasets; it stays in this browser. */
  token: string | null;
  refreshMs: number;
}

/** The first read keeps this many rows per worker, back from the newest. */
const FIRST_ROWS = 200;

/**
 * The dashboard's transport when there is no server: it reads the three datasets straight
 * from the Hub (the tree listing and the resolve endpoint, as any browser may call them) and
 * answers the page in the protocol, as the server would. New rows are read every refreshMs
 * and pushed as iterations. Nothing can be started or stopped from here, and it says so.
 */
export class HubDatasetTransport implements Transport {
  private readonly messageListeners: ((m: unknown) => void)[] = [];
  private readonly stateListeners: ((s: ConnectionState) => void)[] = [];
  private readonly records = new Map<WorkerId, Map<number, IterationRecord>>(WORKER_IDS.map((w) => [w, new Map()]));
  private readonly lastRead = new Map<WorkerId, string | null>(WORKER_IDS.map((w) => [w, null]));
  private readonly errors = new Map<WorkerId, string | null>(WORKER_IDS.map((w) => [w, null]));
  private readonly onHub = new Map<WorkerId, number>(WORKER_IDS.map((w) => [w, -1]));
  private subscribed = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading: Promise<void> | null = null;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly source: HubSource,
    private readonly fetchImpl: typeof fetch = fetch.bind(globalThis),
  ) {
    queueMicrotask(() => {
      this.emitState({ kind: "connecting" });
      this.read().then(() => {
        this.emitState({ kind: "open" });
        this.emit({ type: "hello", protocol: PROTOCOL_VERSION, version: "hub", workspace: `hub:${source.namespace}` });
      });
      this.timer = setInterval(() => void this.read(), source.refreshMs);
    });
  }

  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }

  onState(listener: (s: ConnectionState) => void): void {
    this.stateListeners.push(listener);
  }

  close(): void {
    clearInterval(this.timer);
  }

  send(message: ClientMessage): void {
    const replyTo = message.id;
    switch (message.type) {
      case "subscribe":
        this.subscribed = true;
        this.emit({ type: "status", replyTo, status: this.status() });
        this.emit({ type: "findings", ...this.findings() });
        this.emit({ type: "testPlans", ...this.testPlans() });
        for (const worker of WORKER_IDS) for (const record of this.recent(worker, 20)) this.emit({ type: "iteration", summary: summarizeRecord(record) });
        return;
      case "status.get":
        this.emit({ type: "status", replyTo, status: this.status() });
        return;
      case "record.get": {
        const record = this.records.get(message.worker)!.get(message.iteration);
        if (record) this.emit({ type: "record", replyTo, record });
        else this.emit({ type: "error", replyTo, code: "not_found", message: `${message.worker} iteration ${message.iteration} was not read from its dataset (only the newest rows are)` });
        return;
      }
      default:
        this.emit({ type: "error", replyTo, code: "read_only", message: "this dashboard only reads the Hub datasets; start, stop and implement on the server that publishes them" });
    }
  }

  private read(): Promise<void> {
    this.reading ??= (async () => {
      for (const worker of WORKER_IDS) {
        const known = this.onHub.get(worker)!;
        try {
          const fresh = await this.readDataset(worker, known);
          this.lastRead.set(worker, new Date().toISOString());
          this.errors.set(worker, null);
          if (this.subscribed) for (const record of fresh) this.emit({ type: "iteration", summary: summarizeRecord(record) });
          if (this.subscribed && fresh.some((r) => r.worker === "analysis")) this.emit({ type: "findings", ...this.findings() });
          if (this.subscribed && fresh.some((r) => r.worker === "test-planning")) this.emit({ type: "testPlans", ...this.testPlans() });
        } catch (err) {
          const message = (err as Error).message;
          if (this.errors.get(worker) !== message) this.emit({ type: "error", code: "hub_read", message });
          this.errors.set(worker, message);
        }
      }
      if (this.subscribed) this.emit({ type: "status", status: this.status() });
    })().finally(() => (this.reading = null));
    return this.reading;
  }

  /** Rows newer than `known`, newest shards first (the first read: until each step has its latest). */
  private async readDataset(worker: WorkerId, known: number): Promise<IterationRecord[]> {
    const repo = datasetRepo(this.source, worker);
    const shards = (await this.listShards(repo)).sort((a, b) => b.last - a.last);
    const wanted = new Set(STEPS_BY_WORKER[worker].map((s) => s.id));
    const fresh: IterationRecord[] = [];
    for (const shard of shards) {
      if (shard.last <= known || fresh.length >= FIRST_ROWS || (known < 0 && wanted.size === 0)) break;
      const text = await this.get(`${this.source.hubUrl}/datasets/${repo}/resolve/main/${shard.path}`, repo);
      for (const row of parseShard(text).reverse()) {
        const record = fromRow(worker, row);
        if (record.iteration <= known) continue;
        fresh.push(record);
        wanted.delete(record.worker === "implementation" ? record.stage_id : record.perspective_id);
      }
    }
    fresh.sort((a, b) => a.iteration - b.iteration);
    const byIteration = this.records.get(worker)!;
    for (const record of fresh) byIteration.set(record.iteration, record);
    if (shards[0]) this.onHub.set(worker, Math.max(known, shards[0].last));
    return fresh;
  }

  private async listShards(repo: string): Promise<ShardRange[]> {
    const out: ShardRange[] = [];
    let url: string | null = `${this.source.hubUrl}/api/datasets/${repo}/tree/main/data?recursive=true&expand=false`;
    while (url) {
      const res: Response = await this.fetchImpl(url, { headers: this.headers() });
      if (res.status === 404) return out;
      if (!res.ok) throw new Error(await this.failure(res, repo));
      for (const entry of (await res.json()) as { type: string; path: string }[]) {
        const range = entry.type === "file" ? shardRange(entry.path) : null;
        if (range) out.push(range);
      }
      url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1] ?? null;
    }
    return out;
  }

  private async get(url: string, repo: string): Promise<string> {
    const res = await this.fetchImpl(url, { headers: this.headers() });
    if (!res.ok) throw new Error(await this.failure(res, repo));
    return res.text();
  }

  private headers(): Record<string, string> {
    return this.source.token ? { authorization: `Bearer ${this.source.token}` } : {};
  }

  private async failure(res: Response, repo: string): Promise<string> {
    if (res.status === 401 || res.status === 403) {
      return `${repo}: the Hub refused access (${res.status}); a private dataset needs a token with read access, entered below`;
    }
    return `${repo}: the Hub answered ${res.status}`;
  }

  private recent(worker: WorkerId, limit: number): IterationRecord[] {
    return [...this.records.get(worker)!.values()].sort((a, b) => a.iteration - b.iteration).slice(-limit);
  }

  private latestForStep(worker: WorkerId, stepId: string): IterationRecord | undefined {
    return this.recent(worker, Infinity)
      .reverse()
      .find((r) => (r.worker === "implementation" ? r.stage_id : r.perspective_id) === stepId);
  }

  private status() {
    return {
      version: "hub",
      protocol: PROTOCOL_VERSION,
      workspace: `hub:${this.source.namespace}`,
      data_dir: this.source.hubUrl,
      started_at: this.startedAt,
      workers: WORKER_IDS.map((w) => {
        const recent = this.recent(w, 1);
        return readOnlyWorkerStatus(w, recent[0], Math.max(this.onHub.get(w)!, recent[0]?.iteration ?? -1) + 1, datasetRepo(this.source, w), this.lastRead.get(w)!);
      }),
      store: { recovered: [], last_error: null },
      hub: {
        endpoint: this.source.hubUrl,
        namespace: this.source.namespace,
        datasets: WORKER_IDS.map((w) => ({
          worker: w,
          repo: datasetRepo(this.source, w),
          published_through: this.onHub.get(w)! >= 0 ? this.onHub.get(w)! : null,
          pending: 0,
          last_sync: this.lastRead.get(w)!,
          last_error: this.errors.get(w)!,
          next_attempt_at: null,
        })),
      },
    };
  }

  private findings() {
    const latest = ANALYSIS_PERSPECTIVES.map((p) => this.latestForStep("analysis", p.id)).filter((r) => r !== undefined);
    return {
      iteration: latest.length ? Math.max(...latest.map((r) => r.iteration)) : null,
      findings: latest.flatMap((r) => (r.worker === "analysis" ? r.results.findings : [])),
    };
  }

  private testPlans() {
    const latest = TEST_PLANNING_PERSPECTIVES.map((p) => this.latestForStep("test-planning", p.id)).filter((r) => r !== undefined);
    const plans = new Map<string, TestPlan>();
    for (const r of latest) if (r.worker === "test-planning") for (const plan of r.results.plans) if (!plans.has(plan.id)) plans.set(plan.id, plan);
    const newest = this.recent("test-planning", 1)[0];
    return {
      iteration: newest?.iteration ?? null,
      plans: [...plans.values()],
      cumulative_insights: newest?.worker === "test-planning" ? newest.cumulative_insights : emptyInsights(),
    };
  }

  private emit(message: ServerMessage): void {
    for (const listener of this.messageListeners) listener(message);
  }

  private emitState(state: ConnectionState): void {
    for (const listener of this.stateListeners) listener(state);
  }
}
