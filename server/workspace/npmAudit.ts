import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { z } from "zod";

import type { AuditOutcome } from "./advisoryOutcome";

// npm audit --json, report version 2 — validated at the edge like every other foreign input.
const Report = z.object({
  vulnerabilities: z.record(
    z.string(),
    z.object({
      name: z.string(),
      severity: z.string(),
      isDirect: z.boolean().optional(),
      via: z.array(z.union([z.string(), z.object({ title: z.string(), url: z.string(), severity: z.string(), range: z.string() }).passthrough()])),
      fixAvailable: z.unknown().optional(),
    }),
  ),
});
const Failure = z.object({ message: z.string().optional(), error: z.object({ summary: z.string().optional(), detail: z.string().optional() }) });

function lockfileIn(dir: string) {
  return { dir, manifest: dir === "." ? "package-lock.json" : `${dir}/package-lock.json`, source: "npm audit" as const };
}

/** Pure: npm audit's stdout to an outcome. */
export function parseAuditOutput(dir: string, stdout: string, stderr: string): AuditOutcome {
  const about = lockfileIn(dir);
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return { ...about, status: "failed", reason: `npm audit printed no report${stderr.trim() ? `: ${stderr.trim().split("\n").pop()}` : ""}` };
  }
  const report = Report.safeParse(data);
  if (report.success) {
    const vulnerabilities = Object.values(report.data.vulnerabilities).map((v) => ({
      name: v.name,
      severity: v.severity,
      isDirect: v.isDirect ?? false,
      advisories: v.via.filter((x): x is Exclude<typeof x, string> => typeof x !== "string").map((a) => ({ title: a.title, url: a.url, severity: a.severity, range: a.range })),
      fixAvailable: v.fixAvailable !== false && v.fixAvailable !== undefined,
    }));
    return { ...about, status: "ok", vulnerabilities };
  }
  const failure = Failure.safeParse(data);
  const reason = failure.success ? failure.data.message || failure.data.error.summary || failure.data.error.detail || "unknown error" : "npm audit's report was not in the expected form";
  return { ...about, status: "failed", reason: reason.split("\n")[0]! };
}

/** Runs `npm audit --json --package-lock-only` in a folder; never throws. The registry comes from npm's own config. */
export function runNpmAudit(root: string, dir: string, timeoutMs = 60_000): Promise<AuditOutcome> {
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["audit", "--json", "--package-lock-only", "--no-update-notifier"],
      { cwd: path.join(root, dir), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
        if (e?.code === "ENOENT") return resolve({ ...lockfileIn(dir), status: "failed", reason: "npm is not installed on this machine" });
        if (e?.killed) return resolve({ ...lockfileIn(dir), status: "failed", reason: `npm audit did not answer within ${timeoutMs / 1000} s` });
        resolve(parseAuditOutput(dir, String(stdout), String(stderr)));
      },
    );
  });
}

/**
 * Audits each lockfile at most once per content and per `maxAgeMs`: the registry is slow and
 * the worker runs around the clock. Failures are retried on the next asking.
 */
export class NpmAuditCache {
  private entries = new Map<string, { hash: string; at: number; outcome: AuditOutcome }>();

  constructor(private readonly maxAgeMs = 6 * 60 * 60_000, private readonly now: () => number = Date.now) {}

  async audit(root: string, lockfiles: { path: string; text: string }[]): Promise<AuditOutcome[]> {
    const outcomes: AuditOutcome[] = [];
    for (const lock of lockfiles) {
      const dir = path.posix.dirname(lock.path);
      const hash = createHash("sha256").update(lock.text).digest("hex");
      const cached = this.entries.get(dir);
      if (cached && cached.hash === hash && cached.outcome.status === "ok" && this.now() - cached.at < this.maxAgeMs) {
        outcomes.push(cached.outcome);
        continue;
      }
      const outcome = await runNpmAudit(root, dir);
      this.entries.set(dir, { hash, at: this.now(), outcome });
      outcomes.push(outcome);
    }
    return outcomes;
  }
}

/** The npm lockfiles of a workspace (node_modules is never scanned, so these are the project's own). */
export function lockfilesOf(snapshot: { files: readonly { path: string; text: string }[] }): { path: string; text: string }[] {
  return snapshot.files.filter((f) => f.path === "package-lock.json" || f.path.endsWith("/package-lock.json"));
}
