import * as path from "node:path";
import { WORKER_IDS, shardRange, toRow, type HubStatus, type IterationRecord, type WorkerId } from "../protocol";
import type { LocalStore } from "../store";
import type { WorkspaceSnapshot } from "../workspace";
import { datasetCard } from "./datasetCard";
import { nextShard } from "./datasetShard";
import { gitBlobId } from "./gitBlobId";
import { HubOutbox } from "./hubOutbox";
import { HubCallError, HubSession } from "./hubSession";
import { RETRY_CAP_MS, datasetRepo, type HubSettings } from "./hubSettings";
import { SecretRegister, redactRecord } from "./recordRedaction";

interface DatasetState {
  worker: WorkerId;
  repo: string;
  outbox: HubOutbox;
  repoReady: boolean;
  lastSync: string | null;
  lastCommitAt: number;
  lastError: string | null;
  failures: number;
  nextAttemptAt: number;
  timer: NodeJS.Timeout | null;
  syncing: Promise<void> | null;
}

/**
 * Iterations → redaction → the persistent outbox → batched commits, one dataset per worker.
 * A record is redacted before it is written to the outbox, so nothing unredacted is ever on
 * its way to the Hub. A dataset commits at most once per interval; a failed sync is retried
 * with doubling delays (or the Hub's Retry-After, when longer) and loses nothing: rows leave
 * the outbox only once the dataset is known to hold them, and the dataset's shard names say
 * which iterations it holds, so a commit whose reply was lost is never made twice.
 */
export class HubPublisher {
  private readonly datasets = new Map<WorkerId, DatasetState>();
  private readonly register: SecretRegister;
  private closed = false;
  private caughtUp = false;

  private constructor(
    readonly settings: HubSettings,
    readonly session: HubSession,
    private readonly store: LocalStore,
    private readonly log: (line: string) => void,
    ownSecrets: string[],
  ) {
    this.register = new SecretRegister([settings.token, ...ownSecrets]);
  }

  static async open(settings: HubSettings, store: LocalStore, log: (line: string) => void, ownSecrets: string[] = []): Promise<HubPublisher> {
    const publisher = new HubPublisher(settings, new HubSession({ hubUrl: settings.hubUrl, token: settings.token }), store, log, ownSecrets);
    for (const worker of WORKER_IDS) {
      const outbox = await HubOutbox.open(path.join(store.dataDir, "hub-outbox"), worker);
      if (outbox.setAside) log(`hub: set ${outbox.setAside.lines} damaged line(s) of ${outbox.file} aside in ${outbox.setAside.file}`);
      publisher.datasets.set(worker, {
        worker,
        repo: datasetRepo(settings, worker),
        outbox,
        repoReady: false,
        lastSync: null,
        lastCommitAt: 0,
        lastError: null,
        failures: 0,
        nextAttemptAt: 0,
        timer: null,
        syncing: null,
      });
    }
    return publisher;
  }

  outbox(worker: WorkerId): HubOutbox {
    return this.datasets.get(worker)!.outbox;
  }

  /**
   * Learns the workspace's secrets from every scan. The first scan also queues what the store
   * holds but the outbox never got (a crash between the two), now that it can be redacted.
   */
  observe(snapshot: WorkspaceSnapshot): void {
    this.register.observe(snapshot);
    if (this.caughtUp) return;
    this.caughtUp = true;
    for (const state of this.datasets.values()) {
      const waiting = new Set(state.outbox.pending().map((r) => r.iteration));
      for (const record of this.store.recent(state.worker)) {
        if (record.iteration > state.outbox.publishedThrough() && !waiting.has(record.iteration)) this.enqueue(record);
      }
      this.schedule(state);
    }
  }

  enqueue(record: IterationRecord): void {
    const state = this.datasets.get(record.worker)!;
    const row = toRow(redactRecord(record, this.register.secrets()));
    state.outbox.add(row).then(
      () => this.schedule(state),
      (err: Error) => {
        state.lastError = `could not write the outbox ${state.outbox.file}: ${err.message}; iteration ${record.iteration} is published when the store is read again after a restart`;
        this.log(`hub: ${state.lastError}`);
      },
    );
  }

  status(): HubStatus {
    return {
      endpoint: this.settings.hubUrl,
      namespace: this.settings.namespace,
      datasets: [...this.datasets.values()].map((s) => ({
        worker: s.worker,
        repo: s.repo,
        published_through: s.outbox.publishedThrough() >= 0 ? s.outbox.publishedThrough() : null,
        pending: s.outbox.waiting(),
        last_sync: s.lastSync,
        last_error: s.lastError,
        next_attempt_at: s.timer && s.nextAttemptAt > Date.now() ? new Date(s.nextAttemptAt).toISOString() : null,
      })),
    };
  }

  /** Stops the timers and waits for syncs under way; what is pending stays in the outbox. */
  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.datasets.values()) if (s.timer) clearTimeout(s.timer);
    this.session.abort();
    await Promise.all([...this.datasets.values()].map((s) => s.syncing));
    await Promise.all([...this.datasets.values()].map((s) => s.outbox.close()));
  }

  private schedule(state: DatasetState): void {
    if (this.closed || state.syncing || state.timer || state.outbox.pending().length === 0) return;
    const now = Date.now();
    const at = Math.max(now, state.lastCommitAt + this.settings.commitIntervalMs, state.nextAttemptAt);
    state.timer = setTimeout(() => {
      state.timer = null;
      state.syncing = this.sync(state).finally(() => {
        state.syncing = null;
        this.schedule(state);
      });
    }, at - now);
    state.timer.unref();
  }

  private async sync(state: DatasetState): Promise<void> {
    try {
      if (!state.repoReady) {
        await this.session.ensureDataset(state.repo, this.settings.visibility);
        state.repoReady = true;
      }
      const files = await this.session.listPaths(state.repo, "");
      const onHub = Math.max(-1, ...files.map((f) => shardRange(f.path)?.last ?? -1));
      // The dataset already holds these (a commit whose reply was lost, or another run's).
      if (onHub > state.outbox.publishedThrough()) await state.outbox.markPublished(onHub);
      const shard = nextShard(state.outbox.pending());
      if (shard) {
        const card = datasetCard(state.worker, state.repo);
        const cardOnHub = files.find((f) => f.path === "README.md")?.oid;
        const upload = [{ path: shard.path, text: shard.text }];
        if (cardOnHub !== gitBlobId(card)) upload.push({ path: "README.md", text: card });
        const first = shard.rows[0]!.iteration;
        const last = shard.rows[shard.rows.length - 1]!.iteration;
        await this.session.commitFiles(state.repo, `Add ${state.worker} iterations ${first}–${last} (${shard.rows.length} rows)`, upload);
        state.lastCommitAt = Date.now();
        await state.outbox.markPublished(last);
      }
      state.lastSync = new Date().toISOString();
      if (state.lastError) this.log(`hub: ${state.repo} is in sync again`);
      state.lastError = null;
      state.failures = 0;
      state.nextAttemptAt = 0;
    } catch (err) {
      state.failures++;
      const backoff = Math.min(RETRY_CAP_MS, this.settings.retryBaseMs * 2 ** (state.failures - 1));
      const asked = err instanceof HubCallError ? (err.retryAfterMs ?? 0) : 0;
      const wait = Math.max(backoff, asked);
      state.nextAttemptAt = Date.now() + wait;
      state.lastError = err instanceof Error ? err.message : String(err);
      this.log(`hub: ${state.repo}: ${state.lastError}; ${state.outbox.pending().length} row(s) wait in the outbox, retrying in ${Math.ceil(wait / 1000)} s`);
    }
  }
}
