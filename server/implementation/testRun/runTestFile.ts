import { spawn } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestPlan } from "../../protocol";
import { resolveInsideRoot } from "../../workspace/safePath";
import { childEnvironment } from "../characterization/runProbe";
import { testCommand } from "./testCommand";
import type { TestResults } from "./testReports";

export type TestRun =
  | { ran: true; results: TestResults; command: string; suiteProblem: string | null }
  | { ran: false; reason: string };

export const DEFAULT_TEST_TIMEOUT_MS = 120_000;

/**
 * Runs a generated test file once with the workspace's own runner. The file must sit where it
 * will live, since its imports are relative: it is written beside its target under a name no
 * file has (`clamp.autocoder-check-123-1.test.ts`), run, and removed whatever happens.
 */
export async function runTestFile(root: string, file: { path: string; code: string; framework: TestPlan["framework"] }, timeoutMs = DEFAULT_TEST_TIMEOUT_MS): Promise<TestRun> {
  const rel = checkPath(file.path);
  let absolute: string;
  try {
    absolute = await resolveInsideRoot(root, rel);
  } catch (err) {
    return { ran: false, reason: (err as Error).message };
  }
  const reportDir = await fs.mkdtemp(path.join(os.tmpdir(), "autocoder-test-report-"));
  const command = testCommand(root, file.framework, rel, path.join(reportDir, "report.json"));
  if ("problem" in command) {
    await fs.rm(reportDir, { recursive: true, force: true });
    return { ran: false, reason: command.problem };
  }
  try {
    await fs.mkdir(path.dirname(absolute), { recursive: true });
    await fs.writeFile(absolute, file.code, { flag: "wx" });
  } catch (err) {
    await fs.rm(reportDir, { recursive: true, force: true });
    return { ran: false, reason: `could not write ${rel} to run it: ${(err as Error).message}` };
  }
  try {
    const out = await run(command.argv, root, timeoutMs);
    if (out.timedOut) return { ran: false, reason: `${file.framework} did not finish within ${timeoutMs / 1000} s` };
    const report = command.reportFile ? await fs.readFile(command.reportFile, "utf8").catch(() => null) : null;
    const read = command.read({ stdout: out.stdout, stderr: out.stderr, report });
    const shown = [path.basename(command.argv[0]!), ...command.argv.slice(1).map((a) => (path.isAbsolute(a) ? path.relative(root, a) || a : a))].join(" ");
    if (!read) return { ran: false, reason: `${file.framework} gave no report (exit code ${out.code}): ${lastLines(out.stderr || out.stdout)}` };
    const suiteProblem = read.suiteProblem ?? (read.results.size === 0 && out.code !== 0 ? lastLines(out.stderr || out.stdout) : null);
    return { ran: true, results: read.results, command: shown, suiteProblem };
  } finally {
    await fs.rm(absolute, { force: true });
    await fs.rm(reportDir, { recursive: true, force: true });
  }
}

/** `src/clamp.test.ts` → `src/clamp.autocoder-check-PID-N.test.ts`; `tests/test_x.py` → `tests/test_x_autocoder_check_PID_N.py`. */
let sequence = 0;
function checkPath(target: string): string {
  const tag = `${process.pid}-${++sequence}`;
  if (target.endsWith(".py")) return target.replace(/\.py$/, `_autocoder_check_${tag.replace("-", "_")}.py`);
  const m = /^(.*?)(\.(test|spec))?(\.[cm]?[jt]sx?)$/.exec(target);
  if (!m) return `${target}.autocoder-check-${tag}`;
  return `${m[1]}.autocoder-check-${tag}${m[2] ?? ".test"}${m[4]}`;
}

function run(argv: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { ...childEnvironment(), CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const cap = (text: string, chunk: string) => (text.length < 4_000_000 ? text + chunk : text);
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout = cap(stdout, c)));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr = cap(stderr, c)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${err.message}`, timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split("\n").slice(-3).join(" / ").slice(0, 400);
}
