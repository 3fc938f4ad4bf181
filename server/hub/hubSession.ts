import { HubApiError, commit, createRepo, downloadFile, listFiles, repoExists } from "@huggingface/hub";

export interface HubAccess {
  /** The Hub's base URL: HF_ENDPOINT, or the public Hub. */
  hubUrl: string;
  /** Null reads public repositories only. */
  token: string | null;
}

export const PUBLIC_HUB = "https://huggingface.co";

/** Longest a single request may take; shards stay under 8 MB, so this is generous. */
const REQUEST_TIMEOUT_MS = 120_000;

/** What a failed call says, and how long the Hub asked us to wait (Retry-After), if it did. */
export class HubCallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/**
 * The calls the publisher makes, through @huggingface/hub. The client keeps no response
 * headers on its errors, so our fetch notes the last Retry-After; the client has no retries,
 * so a failure becomes one HubCallError the caller schedules around.
 */
export class HubSession {
  private retryAfterMs: number | null = null;
  private readonly fetch: typeof fetch;
  private readonly closing = new AbortController();

  constructor(readonly access: HubAccess) {
    this.fetch = async (input, init) => {
      // The client sets no timeout: a connection that hangs would hold a sync (and a stop) forever.
      const signals = [this.closing.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...(init?.signal ? [init.signal] : [])];
      const res = await fetch(input, { ...init, signal: AbortSignal.any(signals) });
      if (res.status === 429 || res.status === 503) this.retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), Date.now());
      return res;
    };
  }

  /** Aborts the requests under way, so a server stops without waiting for a slow Hub. */
  abort(): void {
    this.closing.abort(new Error("the server is stopping"));
  }

  private get params() {
    return { hubUrl: this.access.hubUrl, fetch: this.fetch, ...(this.access.token ? { accessToken: this.access.token } : {}) };
  }

  /** Creates the dataset when it is missing; an existing one is left as it is. */
  ensureDataset(name: string, visibility: "private" | "public"): Promise<void> {
    return this.call(`check or create ${name}`, async () => {
      const repo = { type: "dataset" as const, name };
      if (await repoExists({ repo, ...this.params })) return;
      try {
        if (!this.access.token) throw new Error("creating a dataset needs a token");
        await createRepo({ repo, visibility, ...this.params, accessToken: this.access.token });
      } catch (err) {
        // The client treats "already exists" as an error; another writer got there first.
        if (!(err instanceof HubApiError && err.statusCode === 409)) throw err;
      }
    });
  }

  /** Paths under `folder` of a dataset; none when the folder (or the dataset) does not exist. */
  listPaths(name: string, folder: string): Promise<{ path: string; oid: string | null }[]> {
    return this.call(`list ${name}/${folder}`, async () => {
      const out: { path: string; oid: string | null }[] = [];
      try {
        for await (const entry of listFiles({ repo: { type: "dataset", name }, path: folder, recursive: true, ...this.params })) {
          if (entry.type === "file") out.push({ path: entry.path, oid: entry.oid ?? null });
        }
      } catch (err) {
        if (err instanceof HubApiError && err.statusCode === 404) return [];
        throw err;
      }
      return out;
    });
  }

  readText(name: string, path: string): Promise<string | null> {
    return this.call(`read ${name}/${path}`, async () => {
      const blob = await downloadFile({ repo: { type: "dataset", name }, path, ...this.params });
      return blob ? await blob.text() : null;
    });
  }

  commitFiles(name: string, title: string, files: { path: string; text: string }[]): Promise<void> {
    return this.call(`commit to ${name}`, async () => {
      await commit({
        repo: { type: "dataset", name },
        title,
        operations: files.map((f) => ({ operation: "addOrUpdate" as const, path: f.path, content: new Blob([f.text]) })),
        ...this.params,
      });
    });
  }

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.retryAfterMs = null;
    try {
      return await work();
    } catch (err) {
      throw new HubCallError(`${what}: ${describeHubError(err, this.access.hubUrl)}`, err instanceof HubApiError ? err.statusCode : null, this.retryAfterMs);
    }
  }
}

export function describeHubError(err: unknown, hubUrl: string): string {
  if (err instanceof HubApiError) {
    const detail = err.message.replace(/\. URL: .*$/, "");
    if (err.statusCode === 401) return `the Hub refused the token (401): check that HF_TOKEN is valid and has write access (${detail})`;
    if (err.statusCode === 403) return `the token may not write there (403): ${detail}`;
    if (err.statusCode === 429) return `the Hub is rate-limiting us (429): ${detail}`;
    return `the Hub answered ${err.statusCode}: ${detail}`;
  }
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.message === "fetch failed") return `cannot reach ${hubUrl} (${e.cause?.code ?? e.cause?.message ?? "network error"})`;
  return e?.message ?? String(err);
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
