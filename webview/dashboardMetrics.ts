import type { AnalysisSummary, Finding, ImplementationSummary, ServerStatus, Severity } from "../server/protocol";

// Pure views of the dashboard state: what the overview, the metrics and the trend show.

export interface Overview {
  kind: "operational" | "degraded" | "stopped";
  online: number;
  total: number;
  /** Why the system is degraded, one sentence per problem. */
  problems: string[];
}

/**
 * "Online" is a worker that is not stopped. Degraded means something needs a person: a worker
 * backing off or paused, a last run that failed, a store that could not write.
 */
export function overview(status: ServerStatus): Overview {
  const problems: string[] = [];
  for (const w of status.workers) {
    if (w.state === "backing-off") problems.push(`${w.worker} is backing off${w.reason ? `: ${w.reason}` : ""}`);
    else if (w.state === "paused") problems.push(`${w.worker} is paused${w.reason ? `: ${w.reason}` : ""}`);
    else if (w.state !== "stopped" && w.last_run?.status === "error") problems.push(`${w.worker}'s last iteration failed`);
  }
  if (status.store.last_error) problems.push(`the store cannot write: ${status.store.last_error}`);
  const online = status.workers.filter((w) => w.state !== "stopped").length;
  const kind = problems.length > 0 ? "degraded" : online === 0 ? "stopped" : "operational";
  return { kind, online, total: status.workers.length, problems };
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  total: number;
}

const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0, total: 0 });

/** Findings counted by perspective (in first-seen order) and severity, with the totals. */
export function findingsByPerspective(findings: readonly Finding[]): { rows: { perspective: string; counts: SeverityCounts }[]; total: SeverityCounts } {
  const rows = new Map<string, SeverityCounts>();
  const total = zero();
  for (const f of findings) {
    let counts = rows.get(f.perspective);
    if (!counts) rows.set(f.perspective, (counts = zero()));
    counts[f.severity]++;
    counts.total++;
    total[f.severity]++;
    total.total++;
  }
  return { rows: [...rows].map(([perspective, counts]) => ({ perspective, counts })), total };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The findings a person should read first: errors before warnings before info, then by file and line. */
export function latestFindings(findings: readonly Finding[], limit: number): Finding[] {
  return [...findings]
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.file.localeCompare(b.file) ||
        a.range.start.line - b.range.start.line ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

export interface Trend {
  /** Analysis iteration numbers, ascending. */
  iterations: number[];
  /** Findings new against the perspective's previous pass; null where there was nothing to compare with. */
  added: (number | null)[];
  resolved: (number | null)[];
  perspectives: string[];
}

/** New and resolved findings per analysis pass, from the summaries (oldest first). */
export function findingsTrend(passes: readonly AnalysisSummary[]): Trend {
  const sorted = [...passes].sort((a, b) => a.iteration - b.iteration);
  return {
    iterations: sorted.map((p) => p.iteration),
    added: sorted.map((p) => p.findings.new),
    resolved: sorted.map((p) => p.findings.resolved),
    perspectives: sorted.map((p) => p.perspective_name),
  };
}

export interface Implementations {
  /** Tasks (a finding or a plan) for which a stage produced code. */
  tasks: number;
  codeChanges: number;
  stages: number;
  /** The generated test files' first runs (stage 6 of plan tasks) over the same stages. */
  tests: {
    /** Files whose tests ran, and their running assertions that passed and failed. */
    files: number;
    passed: number;
    failed: number;
    /** Files offered without running them, and the newest reason why. */
    notRun: number;
    notRunReason: string | null;
  };
}

/** What the implementation worker generated over the kept summaries, and how many of its tests passed. */
export function implementationsGenerated(stages: readonly ImplementationSummary[]): Implementations {
  const tasks = new Set<string>();
  let codeChanges = 0;
  const tests = { files: 0, passed: 0, failed: 0, notRun: 0, notRunReason: null as string | null };
  for (const s of [...stages].sort((a, b) => a.iteration - b.iteration)) {
    codeChanges += s.code_changes;
    if (s.code_changes > 0 && s.task) tasks.add(`${s.task.kind}:${s.task.id}`);
    if (s.tests?.ran) {
      tests.files++;
      tests.passed += s.tests.passed;
      tests.failed += s.tests.failed;
    } else if (s.tests) {
      tests.notRun++;
      tests.notRunReason = s.tests.not_run_reason;
    }
  }
  return { tasks: tasks.size, codeChanges, stages: stages.length, tests };
}

/** The tile's line about tests: the passed count when any ran, else why none ran. */
export function describeTests(tests: Implementations["tests"]): string {
  if (tests.files > 0) {
    const total = tests.passed + tests.failed;
    const notRun = tests.notRun ? `; ${tests.notRun} file(s) not run` : "";
    return `${tests.passed} of ${total} generated test(s) passed on their first run (${tests.files} file(s)${notRun})`;
  }
  if (tests.notRun > 0) return `generated tests not run: ${tests.notRunReason ?? "no reason given"}`;
  return "no generated tests yet";
}
