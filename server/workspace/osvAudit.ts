import { createHash } from "node:crypto";
import { z } from "zod";
import type { AuditAdvisory, AuditOutcome, AuditVulnerability } from "./advisoryOutcome";

/** The packages one Python manifest pins, to ask OSV about. */
export interface OsvQuery {
  dir: string;
  manifest: string;
  packages: { name: string; version: string }[];
  /** Declared without one exact version: OSV cannot be asked about them. */
  unpinned: string[];
}

export const DEFAULT_OSV_API = "https://api.osv.dev";

/** OSV's API root: `OSV_API_URL` points at a mirror (or a test's stand-in). */
export function osvEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.OSV_API_URL || DEFAULT_OSV_API).replace(/\/+$/, "");
}

// https://google.github.io/osv.dev/post-v1-querybatch/ — ids only, in the order asked.
const BatchAnswer = z.object({
  results: z.array(z.object({ vulns: z.array(z.object({ id: z.string() })).optional(), next_page_token: z.string().optional() })),
});
// https://ossf.github.io/osv-schema/ — only the fields a finding shows.
const Vulnerability = z.object({
  id: z.string(),
  summary: z.string().optional(),
  details: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  database_specific: z.object({ severity: z.string().optional() }).passthrough().optional(),
  affected: z
    .array(
      z.object({
        package: z.object({ name: z.string(), ecosystem: z.string() }).partial().optional(),
        ranges: z.array(z.object({ events: z.array(z.record(z.string(), z.string())) })).optional(),
      }),
    )
    .optional(),
});
type Vulnerability = z.infer<typeof Vulnerability>;

const BATCH = 1000; // OSV's documented maximum per querybatch request
const MAX_PAGES = 10;

export interface OsvOptions {
  endpoint?: string;
  timeoutMs?: number;
}

/**
 * Asks OSV (the database pip-audit also reads) about the pinned packages of one manifest; never
 * throws. A network failure, an HTTP error or an answer in an unknown shape is a failed outcome
 * with the reason, not an empty one.
 */
export async function runOsvAudit(query: OsvQuery, options: OsvOptions = {}): Promise<AuditOutcome> {
  const about = { dir: query.dir, manifest: query.manifest, source: "OSV" as const };
  const endpoint = options.endpoint ?? osvEndpoint();
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const ids = await vulnerabilityIds(endpoint, query.packages, timeoutMs);
    const details = new Map<string, Vulnerability>();
    for (const id of new Set(ids.flat())) details.set(id, await vulnerability(endpoint, id, timeoutMs));
    const vulnerabilities: AuditVulnerability[] = [];
    query.packages.forEach((pkg, i) => {
      const found = dedupeAliases(ids[i]!.map((id) => details.get(id)!));
      if (found.length === 0) return;
      const advisories = found.map((v) => advisoryOf(v, pkg.name));
      vulnerabilities.push({
        name: pkg.name,
        severity: worstSeverity(advisories.map((a) => a.severity)),
        isDirect: true,
        advisories,
        fixAvailable: found.every((v) => fixedIn(v, pkg.name).length > 0),
      });
    });
    return { ...about, status: "ok", vulnerabilities, unchecked: query.unpinned };
  } catch (err) {
    return { ...about, status: "failed", reason: describeFailure(err, endpoint, timeoutMs) };
  }
}

async function vulnerabilityIds(endpoint: string, packages: OsvQuery["packages"], timeoutMs: number): Promise<string[][]> {
  const ids: string[][] = packages.map(() => []);
  for (let offset = 0; offset < packages.length; offset += BATCH) {
    let pending = packages.slice(offset, offset + BATCH).map((p, i) => ({ index: offset + i, name: p.name, version: p.version, token: undefined as string | undefined }));
    for (let page = 0; pending.length > 0 && page < MAX_PAGES; page++) {
      const queries = pending.map((p) => ({ package: { name: p.name, ecosystem: "PyPI" }, version: p.version, ...(p.token ? { page_token: p.token } : {}) }));
      const answer = BatchAnswer.safeParse(await postJson(`${endpoint}/v1/querybatch`, { queries }, timeoutMs));
      if (!answer.success || answer.data.results.length !== pending.length) throw new Error("OSV's querybatch answer was not in the documented form");
      const next: typeof pending = [];
      answer.data.results.forEach((result, i) => {
        ids[pending[i]!.index]!.push(...(result.vulns ?? []).map((v) => v.id));
        if (result.next_page_token) next.push({ ...pending[i]!, token: result.next_page_token });
      });
      pending = next;
    }
  }
  return ids;
}

async function vulnerability(endpoint: string, id: string, timeoutMs: number): Promise<Vulnerability> {
  const parsed = Vulnerability.safeParse(await getJson(`${endpoint}/v1/vulns/${encodeURIComponent(id)}`, timeoutMs));
  if (!parsed.success) throw new Error(`OSV's record for ${id} was not in the documented form`);
  return parsed.data;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly url: string) {
    super(`${url} answered HTTP ${status}`);
  }
}

async function postJson(url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new HttpError(res.status, url);
  return res.json();
}

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new HttpError(res.status, url);
  return res.json();
}

function describeFailure(err: unknown, endpoint: string, timeoutMs: number): string {
  if (err instanceof HttpError) return `OSV (${endpoint}) answered HTTP ${err.status} to ${err.url.slice(endpoint.length)}${err.status === 429 ? " (rate limited)" : ""}`;
  const e = err as Error & { name?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return `OSV (${endpoint}) did not answer within ${timeoutMs / 1000} s`;
  if (e.cause?.code || e.cause?.message) return `OSV (${endpoint}) could not be reached: ${e.cause.code ?? e.cause.message}`;
  if (err instanceof SyntaxError) return `OSV (${endpoint}) answered with something that is not JSON`;
  return e.message || String(err);
}

/** OSV lists one issue under several databases (PYSEC, GHSA): keep the first of each alias group. */
function dedupeAliases(vulns: Vulnerability[]): Vulnerability[] {
  const seen = new Set<string>();
  const kept: Vulnerability[] = [];
  for (const v of vulns) {
    if (seen.has(v.id)) continue;
    kept.push(v);
    for (const id of [v.id, ...(v.aliases ?? [])]) seen.add(id);
  }
  return kept;
}

const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");

function rangesFor(v: Vulnerability, name: string) {
  return (v.affected ?? []).filter((a) => !a.package?.name || normalise(a.package.name) === normalise(name)).flatMap((a) => a.ranges ?? []);
}

function fixedIn(v: Vulnerability, name: string): string[] {
  return rangesFor(v, name).flatMap((r) => r.events.map((e) => e.fixed).filter((x): x is string => x !== undefined));
}

function advisoryOf(v: Vulnerability, name: string): AuditAdvisory {
  const spans = rangesFor(v, name).map((r) =>
    r.events
      .map((e) => (e.introduced !== undefined ? (e.introduced === "0" ? "" : `>=${e.introduced}`) : e.fixed !== undefined ? `<${e.fixed}` : e.last_affected !== undefined ? `<=${e.last_affected}` : ""))
      .filter(Boolean)
      .join(", "),
  );
  return {
    title: v.summary?.trim() || v.details?.trim().split("\n")[0]!.slice(0, 200) || v.id,
    url: `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}`,
    severity: (v.database_specific?.severity ?? "unknown").toLowerCase(),
    range: spans.filter(Boolean).join(" || ") || "all versions",
  };
}

const RANK = ["unknown", "low", "moderate", "medium", "high", "critical"];

function worstSeverity(severities: string[]): string {
  return severities.reduce((worst, s) => (RANK.indexOf(s) > RANK.indexOf(worst) ? s : worst), "unknown");
}

/**
 * Asks OSV about each manifest at most once per pinned set and per `maxAgeMs`, as the npm audit
 * cache does; failures are asked again next time.
 */
export class OsvAuditCache {
  private entries = new Map<string, { key: string; at: number; outcome: AuditOutcome }>();

  constructor(private readonly options: OsvOptions & { maxAgeMs?: number; now?: () => number } = {}) {}

  async audit(queries: readonly OsvQuery[]): Promise<AuditOutcome[]> {
    const now = this.options.now ?? Date.now;
    const maxAge = this.options.maxAgeMs ?? 6 * 60 * 60_000;
    const outcomes: AuditOutcome[] = [];
    for (const query of queries) {
      if (query.packages.length === 0 && query.unpinned.length === 0) continue;
      const key = createHash("sha256").update(JSON.stringify([query.packages, query.unpinned])).digest("hex");
      const cached = this.entries.get(query.manifest);
      if (cached && cached.key === key && cached.outcome.status === "ok" && now() - cached.at < maxAge) {
        outcomes.push(cached.outcome);
        continue;
      }
      const outcome = query.packages.length === 0 ? { dir: query.dir, manifest: query.manifest, source: "OSV" as const, status: "ok" as const, vulnerabilities: [], unchecked: query.unpinned } : await runOsvAudit(query, this.options);
      this.entries.set(query.manifest, { key, at: now(), outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  }
}
