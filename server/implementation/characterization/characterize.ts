import { createRequire } from "node:module";
import * as path from "node:path";
import type { CaseObservation, TestPlan } from "../../protocol";
import { resolveInsideRoot } from "../../workspace/safePath";
import { casesToRun } from "./characterizable";
import { runProbe, type ProbeJob } from "./runProbe";

export interface Characterization {
  /** What each case's run showed; cases not run carry the reason as unassertable. */
  observed: Map<string, CaseObservation>;
  /** Why nothing could be observed (the module did not load), or null. */
  problem: string | null;
}

export interface ProbeLimits {
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_PROBE_LIMITS: ProbeLimits = { timeoutMs: 10_000, memoryMb: 256 };

/**
 * Runs the plan's unit on its planned inputs twice, each time in a fresh child process, and
 * keeps what both runs agree on: a result that differs between runs (time, randomness, state
 * left by an earlier case) is not a behaviour a test can pin down.
 */
export async function characterize(root: string, plan: TestPlan, limits: ProbeLimits = DEFAULT_PROBE_LIMITS): Promise<Characterization> {
  const { run, notRun } = casesToRun(plan);
  const observed = new Map<string, CaseObservation>([...notRun].map(([id, reason]) => [id, { outcome: "unassertable", reason } as const]));
  if (run.length === 0) return { observed, problem: null };
  const job = await probeJob(root, plan, limits);
  if ("problem" in job) return { observed, problem: job.problem };
  const first = await runProbe(job, run);
  if ("problem" in first) return { observed, problem: first.problem };
  const second = await runProbe(job, run);
  if ("problem" in second) return { observed, problem: `the second run failed: ${second.problem}` };
  for (const c of run) {
    const a = first.observed.get(c.id)!;
    const b = second.observed.get(c.id)!;
    observed.set(c.id, JSON.stringify(a) === JSON.stringify(b) ? a : { outcome: "unassertable", reason: `not deterministic: two runs gave ${describe(a)} and ${describe(b)}` });
  }
  return { observed, problem: null };
}

function describe(o: CaseObservation): string {
  const text = o.outcome === "returns" ? o.literal : o.outcome === "throws" ? `${o.name}: ${o.message}` : o.reason;
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

async function probeJob(root: string, plan: TestPlan, limits: ProbeLimits): Promise<ProbeJob | { problem: string }> {
  let modulePath: string;
  try {
    modulePath = await resolveInsideRoot(root, plan.unit.file);
  } catch (err) {
    return { problem: (err as Error).message };
  }
  const isTs = /\.[cm]?tsx?$/.test(plan.unit.file);
  const typescript = isTs ? typescriptModule(root) : null;
  if (isTs && !typescript) return { problem: "no typescript module to load .ts files with (install typescript in the workspace)" };
  const u = plan.unit;
  const method = u.kind === "method" ? u.name.slice((u.export.className ?? "").length + 1) : null;
  // ESM only where Node itself would load the file as ESM; TS is compiled to CommonJS on load.
  const esm = !isTs && (plan.unit.file.endsWith(".mjs") || (!plan.unit.file.endsWith(".cjs") && !u.export.commonjs));
  return { modulePath, esm, typescript, exportName: u.export.name, method, cwd: root, ...limits };
}

/** The workspace's own typescript, else the one this server runs with (absent from a bundle without node_modules). */
function typescriptModule(root: string): string | null {
  for (const from of [path.join(root, "package.json"), __filename]) {
    try {
      return createRequire(from).resolve("typescript");
    } catch {
      // Not there: try the next place.
    }
  }
  return null;
}
