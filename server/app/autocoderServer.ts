import * as path from "node:path";
import { startHttp, defaultAssetsDir, AnalysisBusy, TaskNotFound, type Backend, type RunningHttp } from "../http";
import {
  ANALYSIS_PERSPECTIVES,
  IMPLEMENTATION_STAGES,
  PROTOCOL_VERSION,
  emptyInsights,
  type ImplementationRecord,
  type WorkerId,
} from "../protocol";
import { openAiModel, type ModelSpec } from "../implementation";
import { LocalStore } from "../store";
import { AnalysisBusyError, TaskNotFoundError, WorkerPool, latestFindings, latestPlans, systemLoadGate, type LoadGate } from "../workers";
import { WorkspaceReader } from "../workspace";
import { VERSION } from "./version";

export interface ServerConfig {
  workspace: string;
  host: string;
  port: number;
  dataDir: string;
  token: string | null;
  autostart: boolean;
  intervalsMs: Record<WorkerId, number>;
  maxFileBytes: number;
  /** Share of the cores (1-minute load) above which rotations wait; 0 disables. */
  maxLoad: number;
  /** Whether implementation may run workspace code (characterization, the generated tests); off unless asked for. */
  allowExecute?: boolean;
  /** The optional model implementation may ask for code (`--llm`); off when null. */
  llm?: ModelSpec | null;
  loadGate?: LoadGate;
  backoffBaseMs?: number;
  assetsDir?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  store: LocalStore;
  pool: WorkerPool;
  /** Stops the rotations (finishing or abandoning running iterations), closes sockets and the store. */
  close(): Promise<void>;
}

/** Wires workspace → store → workers → HTTP/WebSocket into one running server. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const workspace = path.resolve(config.workspace);
  const reader = new WorkspaceReader(workspace, { maxFileBytes: config.maxFileBytes });
  const store = await LocalStore.open(config.dataDir, { log });
  for (const r of store.recovered) {
    log(`store: set ${r.lines} damaged line(s) of ${r.worker}.jsonl aside in ${r.corrupt_file}; the rest loaded`);
  }
  const startedAt = new Date().toISOString();
  let http: RunningHttp | null = null;

  const pool = new WorkerPool({
    store,
    reader,
    intervalsMs: config.intervalsMs,
    allowExecute: config.allowExecute === true,
    model: config.llm ? openAiModel(config.llm, { apiKey: process.env.OPENAI_API_KEY ?? null }) : null,
    loadGate: config.loadGate ?? systemLoadGate(config.maxLoad),
    ...(config.backoffBaseMs !== undefined ? { backoffBaseMs: config.backoffBaseMs } : {}),
    onIteration: (record) => http?.hub.publishIteration(record),
    onStatusChange: () => http?.hub.statusChanged(),
  });

  const backend: Backend = {
    status: () => ({
      version: VERSION,
      protocol: PROTOCOL_VERSION,
      workspace,
      data_dir: store.dataDir,
      started_at: startedAt,
      workers: pool.status(),
      store: { recovered: store.recovered, last_error: store.writeProblem() },
    }),
    findings: () => ({
      iteration: newestIteration(ANALYSIS_PERSPECTIVES.map((p) => store.latestForStep("analysis", p.id)?.iteration)),
      findings: latestFindings(store),
    }),
    testPlans: () => {
      const latest = store.latest("test-planning");
      return {
        iteration: latest?.iteration ?? null,
        plans: latestPlans(store),
        cumulative_insights: latest?.cumulative_insights ?? emptyInsights(),
      };
    },
    implementations: () =>
      IMPLEMENTATION_STAGES.map((s) => store.latestForStep("implementation", s.id)).filter(
        (r): r is ImplementationRecord => r !== undefined,
      ),
    iterations: (worker, limit) => store.recent(worker, limit),
    moduleGraph: () => pool.moduleGraph(),
    implement: async (task) => {
      try {
        return await pool.implementNow(task);
      } catch (err) {
        throw err instanceof TaskNotFoundError ? new TaskNotFound(err.message) : err;
      }
    },
    analyzeNow: async (onProgress, signal) => {
      try {
        return await pool.analyzeNow(onProgress, signal);
      } catch (err) {
        throw err instanceof AnalysisBusyError ? new AnalysisBusy(err.message) : err;
      }
    },
    startWorker: (worker) => pool.start(worker),
    stopWorker: (worker) => pool.stop(worker),
  };

  try {
    http = await startHttp({
      backend,
      host: config.host,
      port: config.port,
      token: config.token,
      version: VERSION,
      workspace,
      assetsDir: config.assetsDir ?? defaultAssetsDir(),
      log,
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  if (config.autostart) pool.startAll();

  let closing: Promise<void> | null = null;
  return {
    url: http.url,
    port: http.port,
    store,
    pool,
    close: () =>
      (closing ??= (async () => {
        await pool.close();
        await http!.close();
        await store.close();
      })()),
  };
}

function newestIteration(iterations: (number | undefined)[]): number | null {
  const known = iterations.filter((i): i is number => i !== undefined);
  return known.length ? Math.max(...known) : null;
}
