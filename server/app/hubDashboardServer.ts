import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HubSession, catchUpFromDataset } from "../hub";
import { ReadOnlyRefusal, defaultAssetsDir, startHttp, type Backend, type RunningHttp } from "../http";
import {
  PROTOCOL_VERSION,
  WORKER_IDS,
  datasetRepo,
  readOnlyWorkerStatus,
  type HubDatasetStatus,
  type WorkerId,
  type WorkerStatus,
} from "../protocol";
import { LocalStore } from "../store";
import { storeResults } from "./storeResults";
import { VERSION } from "./version";

export interface HubDashboardConfig {
  hubUrl: string;
  /** Null reads public datasets only. */
  token: string | null;
  namespace: string;
  datasetPrefix: string;
  host: string;
  port: number;
  /** A token for this dashboard's own API and WebSocket; null on loopback. */
  serverToken: string | null;
  refreshMs: number;
  assetsDir?: string;
  log?: (line: string) => void;
}

export interface RunningHubDashboard {
  url: string;
  port: number;
  /** Reads the datasets again now (the timer does it every refreshMs). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The dashboard, read-only, from the three datasets: their rows are read into a store in a
 * temporary folder (the newest ones, as a restarted server reads them), then again every
 * refreshMs, and every new row is pushed to the page as the server pushes a finished iteration.
 */
export async function startHubDashboard(config: HubDashboardConfig): Promise<RunningHubDashboard> {
  const log = config.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const readOnly = `this dashboard only reads the Hub datasets of ${config.namespace}; start, stop, analyze and implement on the server that publishes them`;
  const refuse = () => new ReadOnlyRefusal(readOnly);
  const session = new HubSession({ hubUrl: config.hubUrl, token: config.token });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "autocoder-hub-dashboard-"));
  const store = await LocalStore.open(tmp, { log });
  const repos = Object.fromEntries(WORKER_IDS.map((w) => [w, datasetRepo(config, w)])) as Record<WorkerId, string>;
  const reads = Object.fromEntries(
    WORKER_IDS.map((w) => [w, { worker: w, repo: repos[w], published_through: null, pending: 0, last_sync: null, last_error: null, next_attempt_at: null }]),
  ) as Record<WorkerId, HubDatasetStatus>;
  const startedAt = new Date().toISOString();
  let http: RunningHttp | null = null;

  const refresh = async () => {
    for (const worker of WORKER_IDS) {
      const before = store.nextIteration(worker);
      try {
        const { onHub } = await catchUpFromDataset(session, repos[worker], worker, store);
        reads[worker] = { ...reads[worker], published_through: onHub >= 0 ? onHub : null, last_sync: new Date().toISOString(), last_error: null };
      } catch (err) {
        reads[worker] = { ...reads[worker], last_error: (err as Error).message };
        log(`hub dashboard: reading ${repos[worker]} failed: ${(err as Error).message}`);
      }
      for (const record of store.recent(worker, undefined, before)) http?.hub.publishIteration(record);
    }
    http?.hub.statusChanged();
  };

  const workers = (): WorkerStatus[] =>
    WORKER_IDS.map((worker) => readOnlyWorkerStatus(worker, store.latest(worker), store.nextIteration(worker), repos[worker], reads[worker].last_sync));

  const backend: Backend = {
    status: () => ({
      version: VERSION,
      protocol: PROTOCOL_VERSION,
      workspace: `hub:${config.namespace}`,
      data_dir: tmp,
      started_at: startedAt,
      workers: workers(),
      store: { recovered: [], last_error: null },
      hub: { endpoint: config.hubUrl, namespace: config.namespace, datasets: WORKER_IDS.map((w) => reads[w]) },
      read_only: readOnly,
    }),
    ...storeResults(store),
    implement: () => Promise.reject(refuse()),
    analyzeNow: () => Promise.reject(refuse()),
    // The datasets hold records, not the import graph: the architecture picture stays empty here.
    moduleGraph: () => null,
    startWorker: () => {
      throw refuse();
    },
    stopWorker: () => Promise.reject(refuse()),
  };

  await refresh();
  try {
    http = await startHttp({
      backend,
      host: config.host,
      port: config.port,
      token: config.serverToken,
      version: VERSION,
      workspace: `hub:${config.namespace}`,
      assetsDir: config.assetsDir ?? defaultAssetsDir(),
      log,
    });
  } catch (err) {
    await store.close();
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
  let refreshing: Promise<void> | null = null;
  const timer = setInterval(() => {
    refreshing ??= refresh().finally(() => (refreshing = null));
  }, config.refreshMs);
  return {
    url: http.url,
    port: http.port,
    refresh: () => (refreshing ??= refresh().finally(() => (refreshing = null))),
    close: async () => {
      clearInterval(timer);
      await refreshing;
      await http!.close();
      await store.close();
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}
