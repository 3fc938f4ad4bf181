import * as path from "node:path";
import { startHttp, defaultAssetsDir, AnalysisBusy, TaskNotFound, type Backend, type RunningHttp } from "../http";
import { PROTOCOL_VERSION, WORKER_IDS, type WorkerId } from "../protocol";
import type { ModelSpec } from "../implementation";
import { HubPublisher, restoreFromHub, type HubSettings } from "../hub";
import { LocalStore } from "../store";
import { AnalysisBusyError, TaskNotFoundError, WorkerPool, systemLoadGate, type LoadGate } from "../workers";
import { WorkspaceReader } from "../workspace";
import { storeResults } from "./storeResults";
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
  /** Publishing to Hub datasets; null or absent: off. */
  hub?: HubSettings | null;
  /** How many times a failed restore from the Hub is tried before giving up. */
  hubRestoreAttempts?: number;
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
  let publisher: HubPublisher | null = null;
  if (config.hub) {
    try {
      publisher = await startPublishing(config.hub, store, log, config.token, config.hubRestoreAttempts ?? 5);
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  const pool = new WorkerPool({
    store,
    reader,
    intervalsMs: config.intervalsMs,
    allowExecute: config.allowExecute === true,
    llm: config.llm ?? null,
    loadGate: config.loadGate ?? systemLoadGate(config.maxLoad),
    ...(config.backoffBaseMs !== undefined ? { backoffBaseMs: config.backoffBaseMs } : {}),
    onIteration: (record) => {
      publisher?.enqueue(record);
      http?.hub.publishIteration(record);
    },
    ...(publisher ? { onSnapshot: publisher.observe.bind(publisher) } : {}),
    onStatusChange: () => http?.hub.statusChanged(),
    onFirstPassProgress: (progress) => http?.hub.broadcastAnalysisProgress(progress),
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
      hub: publisher?.status() ?? null,
    }),
    ...storeResults(store),
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
    await publisher?.close();
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
        await publisher?.close();
        await http!.close();
        await store.close();
      })()),
  };
}

/**
 * Opens the outbox and brings the store up to what the datasets hold. A store with no
 * iterations of some worker must not start numbering from 0 under a dataset that has more,
 * so there a restore that keeps failing stops the start; a store that has history only logs.
 */
async function startPublishing(settings: HubSettings, store: LocalStore, log: (line: string) => void, serverToken: string | null, attempts: number): Promise<HubPublisher> {
  const publisher = await HubPublisher.open(settings, store, log, serverToken ? [serverToken] : []);
  for (let attempt = 1; ; attempt++) {
    try {
      for (const o of await restoreFromHub(publisher, store)) {
        if (o.restored > 0) log(`hub: restored ${o.restored} ${o.worker} iteration(s) from the dataset (it holds up to ${o.onHub}); numbering continues at ${store.nextIteration(o.worker)}`);
      }
      return publisher;
    } catch (err) {
      const reason = (err as Error).message;
      const empty = WORKER_IDS.some((w) => store.nextIteration(w) === 0);
      if (attempt >= attempts) {
        if (!empty) {
          log(`hub: could not read the datasets back (${reason}); the local store has history, so the server starts and publishing retries`);
          return publisher;
        }
        await publisher.close();
        throw new Error(
          `cannot restore from the Hub datasets (${reason}) after ${attempts} attempts; the data folder is empty, and starting anyway would number iterations from 0 again under what the datasets hold. Fix the connection or token and start again, or start without --hf-token.`,
        );
      }
      const wait = Math.min(30_000, settings.retryBaseMs * 2 ** (attempt - 1));
      log(`hub: restore attempt ${attempt} of ${attempts} failed (${reason}); trying again in ${Math.ceil(wait / 1000)} s`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
