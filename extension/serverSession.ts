import {
  WORKER_IDS,
  applyFindingChanges,
  applyPlanChanges,
  type FindingSet,
  type ImplementationRecord,
  type ImplementationTask,
  type IterationSummary,
  type PlanSet,
  type ServerMessage,
  type ServerStatus,
  type WorkerId,
} from "../server/protocol";
import { ProtocolClient } from "../webview/protocolClient";
import { LocalServer, type LocalServerOptions } from "./localServer";
import { NodeWebSocketTransport, type NodeWebSocketTransportOptions } from "./nodeWebSocketTransport";

export type SessionTarget =
  | { kind: "local"; server: LocalServerOptions }
  | { kind: "remote"; url: string; token: string | null; extraHeaders?: Record<string, string> };

/** Every perspective's findings from its latest pass: the set sent on subscribe, with each pushed change applied. */
export type FindingsPush = FindingSet;
/** Every unit's plan merged over the planning perspectives, kept the same way. */
export type TestPlansPush = PlanSet;

/** How far an Analyze Now run is, as the server reports it. */
export type AnalysisProgress = Omit<Extract<ServerMessage, { type: "analysis.progress" }>, "type" | "run">;

/** Implementation records kept for the view: enough for the recent tasks' six stages each. */
const MAX_IMPLEMENTATION_RECORDS = 300;
/** Whole records asked for on subscribe: the code of the most recent stages that offered some. */
const MAX_RECORDS_ASKED = 30;

/** What the session is doing, in words the Workers view and command messages can show. */
export type SessionState =
  | { kind: "idle"; reason: string }
  | { kind: "starting-server" }
  | { kind: "server-failed"; reason: string }
  | { kind: "connecting"; url: string }
  | { kind: "connected"; url: string }
  | { kind: "disconnected"; reason: string; retryInMs: number | null };

/**
 * One connection to one Autocoder server — the bundled one it runs itself, or a remote one —
 * and the latest status the server pushed. No `vscode` import: it is tested in plain Node
 * against the real server, and the extension only renders its state.
 */
export class ServerSession {
  state: SessionState = { kind: "idle", reason: "no Autocoder server yet" };
  status: ServerStatus | null = null;
  findings: FindingsPush | null = null;
  testPlans: TestPlansPush | null = null;
  /** The implementation records received since subscribing (the recent ones come with subscribe), oldest first. */
  implementations: ImplementationRecord[] | null = null;
  private local: LocalServer | null = null;
  private remoteToken: string | null = null;
  private extraHeaders: Record<string, string> | undefined;
  private transport: NodeWebSocketTransport | null = null;
  private client: ProtocolClient | null = null;
  private readonly listeners = new Set<() => void>();
  /** The server runs one Analyze Now per connection: its progress messages go here. */
  private analysisProgress: ((progress: AnalysisProgress) => void) | null = null;
  private readonly firstPassListeners = new Set<(progress: AnalysisProgress) => void>();

  constructor(private readonly log: (line: string) => void) {}

  /** Fires on every state change and every status, findings or test-plans push. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The analysis worker's first pass of a large workspace, as the server reads its files (`analysis.progress` with no run). */
  onFirstPassProgress(listener: (progress: AnalysisProgress) => void): () => void {
    this.firstPassListeners.add(listener);
    return () => this.firstPassListeners.delete(listener);
  }

  /** Stops whatever ran before, then starts the local server or connects to the remote one. */
  async start(target: SessionTarget): Promise<void> {
    await this.stop();
    if (target.kind === "remote") {
      this.remoteToken = target.token;
      this.connect(target.url, target.token, target.extraHeaders);
      return;
    }
    const local = new LocalServer(target.server);
    this.local = local;
    // A restarted server listens on a new port; the token stays, so reconnecting is enough.
    local.onDidChangeState((s) => {
      if (this.local !== local) return;
      if (s.kind === "starting") this.setState({ kind: "starting-server" });
      else if (s.kind === "running") this.connect(s.url, local.token);
      else if (s.kind === "failed") {
        this.dropConnection();
        this.setState({ kind: "server-failed", reason: s.reason });
      } else if (s.kind === "restarting") {
        this.dropConnection();
        this.setState({ kind: "disconnected", reason: `the local server exited (${s.exitCode ?? s.signal}); restarting it`, retryInMs: s.inMs });
      }
    });
    await local.start().catch((err: Error) => this.log(`the local server did not start: ${err.message}`));
  }

  /** Stops the local server (it flushes its store) and disconnects; `reason` is what commands say afterwards. */
  async stop(reason = "the Autocoder server was stopped"): Promise<void> {
    this.dropConnection();
    const local = this.local;
    this.local = null;
    await local?.stop();
    this.remoteToken = null;
    this.status = null;
    this.findings = null;
    this.testPlans = null;
    this.implementations = null;
    this.setState({ kind: "idle", reason });
  }

  /** The URL of the server while connected. */
  get url(): string | null {
    return this.state.kind === "connected" ? this.state.url : null;
  }

  /** The token the session authenticates with, for handing to the status page. */
  get token(): string | null {
    return this.local?.token ?? this.remoteToken;
  }

  /** How another connection reaches the same server (the dashboard panel opens its own), while connected. */
  get connectionOptions(): NodeWebSocketTransportOptions | null {
    const url = this.url;
    return url ? { url, token: this.token, ...(this.extraHeaders ? { extraHeaders: this.extraHeaders } : {}) } : null;
  }

  /** Why a request cannot be sent now, or null when it can. */
  whyUnavailable(): string | null {
    switch (this.state.kind) {
      case "connected":
        return null;
      case "idle":
        return this.state.reason;
      case "starting-server":
        return "the local Autocoder server is still starting";
      case "server-failed":
        return this.state.reason;
      case "connecting":
        return `still connecting to ${this.state.url}`;
      case "disconnected":
        return `disconnected: ${this.state.reason}`;
    }
  }

  /**
   * Why the connected server cannot start, stop, analyze or implement (it only shows what
   * another published: `dashboard --from-hub`), or null when it can. Reading still works.
   */
  whyReadOnly(): string | null {
    if (this.state.kind !== "connected" || this.status?.read_only === undefined) return null;
    return `the server at ${this.state.url} is read-only: ${this.status.read_only}`;
  }

  async setWorkers(workers: readonly WorkerId[], running: boolean): Promise<ServerStatus> {
    const readOnly = this.whyReadOnly();
    if (readOnly) throw new Error(readOnly);
    let latest: ServerStatus | null = null;
    for (const worker of workers) {
      const reply = await this.request(running ? { type: "worker.start", worker } : { type: "worker.stop", worker });
      if (reply.type === "status") latest = reply.status;
    }
    if (!latest) throw new Error("the server did not reply with its status");
    return latest;
  }

  startAll(): Promise<ServerStatus> {
    return this.setWorkers(WORKER_IDS, true);
  }

  stopAll(): Promise<ServerStatus> {
    return this.setWorkers(WORKER_IDS, false);
  }

  /** Runs the six implementation stages for one task now; resolves with their records (also kept for the view). */
  async implement(task: ImplementationTask): Promise<ImplementationRecord[]> {
    const readOnly = this.whyReadOnly();
    if (readOnly) throw new Error(readOnly);
    const reply = await this.request(task.kind === "finding" ? { type: "implementation.request", findingId: task.id } : { type: "implementation.request", planId: task.id });
    if (reply.type !== "implementation") throw new Error(`the server replied with ${reply.type}, not the implementation`);
    return reply.records;
  }

  /**
   * Analyze Now: the server runs the six analysis perspectives at once and reports as it goes.
   * Resolves with the findings after the run; rejects with the server's words when cancelled.
   */
  async analyzeNow(onProgress: (progress: AnalysisProgress) => void): Promise<FindingsPush> {
    if (this.analysisProgress) throw new Error("an Analyze Now run is already under way");
    this.analysisProgress = onProgress;
    try {
      const reply = await this.request({ type: "analysis.run" });
      if (reply.type !== "findings") throw new Error(`the server replied with ${reply.type}, not the findings`);
      return { iteration: reply.iteration, findings: reply.findings };
    } finally {
      this.analysisProgress = null;
    }
  }

  /** Asks the server to stop this connection's Analyze Now before its next perspective. */
  async cancelAnalysis(): Promise<void> {
    await this.request({ type: "analysis.cancel" });
  }

  private request(message: Parameters<ProtocolClient["request"]>[0]): Promise<ServerMessage> {
    const why = this.whyUnavailable();
    if (why || !this.client) return Promise.reject(new Error(why ?? "not connected"));
    return this.client.request(message);
  }

  private connect(url: string, token: string | null, extraHeaders?: Record<string, string>): void {
    this.dropConnection();
    this.extraHeaders = extraHeaders;
    const transport = new NodeWebSocketTransport({ url, token, ...(extraHeaders ? { extraHeaders } : {}) });
    const client = new ProtocolClient(transport);
    this.transport = transport;
    this.client = client;
    transport.onState((s) => {
      if (this.transport !== transport) return;
      if (s.kind === "connecting") this.setState({ kind: "connecting", url });
      else if (s.kind === "closed") {
        this.log(`connection to ${url} closed: ${s.reason}`);
        this.setState({ kind: "disconnected", reason: s.reason, retryInMs: s.retryInMs });
      } else {
        // Set before subscribing: the recent records follow the reply, maybe in the same tick as it.
        this.implementations = [];
        client
          .request({ type: "subscribe" })
          .then(() => this.transport === transport && this.setState({ kind: "connected", url }))
          .catch((err: Error) => this.log(`subscribe failed: ${err.message}`));
      }
    });
    client.onProblem((text) => this.log(`protocol problem: ${text}`));
    client.onMessage((message) => {
      if (this.transport !== transport) return;
      if (message.type === "status") {
        this.status = message.status;
        this.emit();
      } else if (message.type === "findings") {
        this.findings = { iteration: message.iteration, findings: message.findings };
        this.emit();
      } else if (message.type === "testPlans") {
        this.testPlans = { iteration: message.iteration, plans: message.plans, cumulative_insights: message.cumulative_insights };
        this.emit();
      } else if (message.type === "findings.changed") {
        this.findings = applyFindingChanges(this.findings, message);
        this.emit();
      } else if (message.type === "testPlans.changed") {
        this.testPlans = applyPlanChanges(this.testPlans, message);
        this.emit();
      } else if (message.type === "analysis.progress") {
        const { type: _type, run, ...progress } = message;
        if (run === null) for (const listener of this.firstPassListeners) listener(progress);
        else this.analysisProgress?.(progress);
      } else if (message.type === "implementation") {
        this.keepImplementations(message.records);
      } else if (message.type === "history") {
        this.keepHistory(client, message.summaries);
      }
    });
  }

  /**
   * Subscribe brings summaries, not records: enough for a stage's row (its status and words);
   * the stages that offer code are asked for whole, newest first, so their code can be placed.
   */
  private keepHistory(client: ProtocolClient, summaries: readonly IterationSummary[]): void {
    if (!this.implementations) return;
    const known = new Set(this.implementations.map((r) => r.iteration));
    const fresh = summaries.filter((s): s is Extract<IterationSummary, { worker: "implementation" }> => s.worker === "implementation" && !known.has(s.iteration));
    this.keepImplementations(
      fresh.map((s) => ({
        worker: "implementation",
        iteration: s.iteration,
        timestamp: s.timestamp,
        duration_ms: s.duration_ms,
        status: s.status,
        summary: s.summary,
        error: s.error,
        workspace: { files: s.workspace.files, bytes: s.workspace.bytes, skipped: s.workspace.skipped, ms: s.workspace.ms },
        stage_id: s.stage_id,
        stage_name: s.stage_name,
        task: s.task,
        results: { notes: [] },
        analysis: { code_changes: [] },
        test_run: null,
      })),
    );
    const withCode = fresh.filter((s) => s.code_changes > 0).slice(-MAX_RECORDS_ASKED);
    for (const s of withCode) {
      client
        .request({ type: "record.get", worker: "implementation", iteration: s.iteration })
        .then((reply) => this.client === client && reply.type === "record" && reply.record.worker === "implementation" && this.keepImplementations([reply.record]))
        .catch((err: Error) => this.log(`implementation record ${s.iteration}: ${err.message}`));
    }
  }

  /** A record arrives twice when it is both a request's reply and a push: one copy per iteration. */
  private keepImplementations(records: readonly ImplementationRecord[]): void {
    if (!this.implementations || records.length === 0) return;
    const byIteration = new Map(this.implementations.map((r) => [r.iteration, r]));
    for (const r of records) byIteration.set(r.iteration, r);
    this.implementations = [...byIteration.values()].sort((a, b) => a.iteration - b.iteration).slice(-MAX_IMPLEMENTATION_RECORDS);
    this.emit();
  }

  private dropConnection(): void {
    this.transport?.close();
    this.transport = null;
    this.client = null;
  }

  private setState(state: SessionState): void {
    this.state = state;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
