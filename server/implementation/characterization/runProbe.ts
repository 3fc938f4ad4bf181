import { spawn } from "node:child_process";
import { ProbeLine, type CaseObservation, type TestCase } from "../../protocol";
import { PROBE_PROGRAM } from "./probeProgram";

export interface ProbeJob {
  /** Absolute path of the module to load. */
  modulePath: string;
  esm: boolean;
  /** Absolute path of a `typescript` module to compile .ts files with, or null for JS. */
  typescript: string | null;
  exportName: string;
  /** For a static method: its name on the exported class. */
  method: string | null;
  cwd: string;
  timeoutMs: number;
  memoryMb: number;
}

export type ProbeRun = { observed: Map<string, CaseObservation> } | { problem: string };

/**
 * Runs the unit on each case in a child process with a time limit and a heap cap. A case that
 * hangs, exits the process or exhausts memory is recorded as unassertable with what happened,
 * and the cases after it run in a fresh child, so one bad input costs only its own case.
 */
export async function runProbe(job: ProbeJob, cases: readonly TestCase[]): Promise<ProbeRun> {
  const observed = new Map<string, CaseObservation>();
  let pending = [...cases];
  while (pending.length) {
    const once = await runChild(job, pending);
    if ("problem" in once) return once;
    for (const [id, o] of once.observed) observed.set(id, o);
    const rest = pending.filter((c) => !observed.has(c.id));
    if (rest.length === 0) break;
    // The child stopped before reporting the first of `rest`: that case is to blame.
    observed.set(rest[0]!.id, { outcome: "unassertable", reason: once.stopped ?? "the process ended before reporting it" });
    pending = rest.slice(1);
  }
  return { observed };
}

function runChild(job: ProbeJob, cases: readonly TestCase[]): Promise<{ observed: Map<string, CaseObservation>; stopped: string | null } | { problem: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${job.memoryMb}`, "--stack-size=984", "-e", PROBE_PROGRAM], {
      cwd: job.cwd,
      stdio: ["pipe", "ignore", "pipe", "pipe"],
      env: childEnvironment(),
    });
    const observed = new Map<string, CaseObservation>();
    let buffered = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, job.timeoutMs);
    const results = child.stdio[3] as NodeJS.ReadableStream;
    results.setEncoding("utf8");
    results.on("data", (chunk: string) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const parsed = safeLine(line);
        if (parsed) observed.set(parsed.case, parsed.observation);
      }
    });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ problem: `could not start node: ${err.message}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      // 87 and the prefix together: the probe's own report that the module did not load, not the code's exit.
      const loadProblem = stderr.split("\n").find((l) => l.startsWith("could not load the module: "));
      if (code === 87 && loadProblem) return resolve({ problem: loadProblem });
      const stopped = timedOut
        ? `did not finish within ${job.timeoutMs / 1000} s`
        : /heap out of memory|Allocation failed/i.test(stderr)
          ? `ran out of the ${job.memoryMb} MB heap`
          : code !== 0
            ? `ended the process (${signal ? `signal ${signal}` : `exit code ${code}`})`
            : null;
      resolve({ observed, stopped });
    });
    child.stdin!.on("error", () => {});
    child.stdin!.end(JSON.stringify({ ...job, cases: cases.map((c) => ({ id: c.id, args: c.inputs.args })) }));
  });
}

function safeLine(line: string): ProbeLine | null {
  try {
    const parsed = ProbeLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The child sees no tokens or keys of this process: only what Node and a locale need. */
export function childEnvironment(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "TZ", "SystemRoot"];
  const env: NodeJS.ProcessEnv = { NODE_ENV: "test" };
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

