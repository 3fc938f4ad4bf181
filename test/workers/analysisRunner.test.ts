import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { execFileSync } from "node:child_process";
import { ANALYSIS_PERSPECTIVES, IMPLEMENTATION_STAGES, TEST_PLANNING_PERSPECTIVES, emptyInsights, type Finding } from "../../server/protocol";
import { InProcessAnalysis, ThreadedAnalysis, type AnalysisJob, type ImplementationJob, type PlanningJob } from "../../server/workers";
import { filesWithTexts } from "../../server/workers/threadFiles";
import { WorkspaceReader, installFileBeacon } from "../../server/workspace";
import { removeDir, tempDir } from "../support/tempDir";

const THREAD_BUNDLE = path.resolve(__dirname, "..", "..", "dist", "analysisThread.js");

describe("analysis on a worker thread (the built bundle)", function () {
  this.timeout(30_000);
  let root: string;
  let jobs: AnalysisJob[];
  const never = new AbortController().signal;

  before(async () => {
    const branches = Array.from({ length: 14 }, (_, i) => `  if (x === ${i}) return ${i};`).join("\n");
    root = await tempDir({
      "src/big.ts": `export function pick(x: number): number {\n${branches}\n  return -1; // TODO handle the rest\n}\n`,
      "src/a.ts": "import { b } from './b';\nexport const a = () => b();\n",
      "src/b.ts": "import { a } from './a';\nexport const b = () => a();\n",
      "tool.py": "def main(x):\n    return eval(x)\n",
    });
    const snapshot = await new WorkspaceReader(root).scan();
    jobs = ANALYSIS_PERSPECTIVES.map((step) => ({ step, snapshot, config: {}, coverageReports: [], audits: [] }));
  });
  after(() => removeDir(root));

  it("finds exactly what the in-process pass finds, perspective by perspective", async () => {
    const threaded = new ThreadedAnalysis(THREAD_BUNDLE);
    const inProcess = new InProcessAnalysis();
    try {
      let total = 0;
      for (const job of jobs) {
        const [there, here] = await Promise.all([threaded.run(job, never), inProcess.run(job)]);
        assert.deepEqual(there, here, job.step.id);
        total += there.findings.length;
      }
      assert.ok(total >= 4, `complexity, the TODO, the cycle and eval are found (${total})`);
    } finally {
      await threaded.close();
    }
  });

  it("plans exactly what the in-process planner plans, backwards compatibility against git HEAD included", async () => {
    const repo = await tempDir({ "src/api.ts": "export function open(path: string) { return path; }\nexport function gone() { return 1; }\n" });
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@t", ...args], { stdio: "ignore" });
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "api");
    await fs.writeFile(path.join(repo, "src/api.ts"), "export function open(path: string, mode: string) { return path + mode; }\n");
    const threaded = new ThreadedAnalysis(THREAD_BUNDLE);
    const inProcess = new InProcessAnalysis();
    try {
      const snapshot = await new WorkspaceReader(repo).scan();
      for (const step of TEST_PLANNING_PERSPECTIVES) {
        const job: PlanningJob = { step, snapshot, findings: [], previousInsights: emptyInsights(), compareApi: step.id === "backwards-compatibility" ? { fallback: null } : null };
        const [there, here] = await Promise.all([threaded.plan(job, never), inProcess.plan(job)]);
        assert.deepEqual(there, here, step.id);
        if (step.id === "backwards-compatibility") assert.match(there.summary, /1 signature\(s\) changed, 0 renamed, 1 removed/, "the thread read git HEAD's API");
      }
    } finally {
      await threaded.close();
      await removeDir(repo);
    }
  });

  it("sends the findings to the thread's planner only when they change, and plans with the ones it was given", async () => {
    const dir = await tempDir({ "src/risk.ts": "export function risky(a: number, b: number) {\n  if (a > b) { if (a > 2 * b) return a; return b; }\n  return a + b;\n}\n" });
    const threaded = new ThreadedAnalysis(THREAD_BUNDLE);
    const inProcess = new InProcessAnalysis();
    const bigPicture = TEST_PLANNING_PERSPECTIVES.find((p) => p.id === "big-picture")!;
    const onRisky = (id: string): Finding => ({ id, perspective: "code-quality", rule: "todo-note", severity: "warning", file: "src/risk.ts", range: { start: { line: 2, column: 1 }, end: { line: 2, column: 9 } }, message: id });
    try {
      const snapshot = await new WorkspaceReader(dir).scan();
      const one = [onRisky("a")];
      const plan = async (findings: Finding[]) => {
        const job: PlanningJob = { step: bigPicture, snapshot, findings, previousInsights: emptyInsights(), compareApi: null };
        const [there, here] = await Promise.all([threaded.plan(job, never), inProcess.plan(job)]);
        assert.deepEqual(there, here);
        return there.plans.map((p) => p.notes.join(" ")).join("\n");
      };
      const first = await plan(one);
      assert.equal(threaded.stats.findingsSent, 1);
      assert.equal(await plan([...one]), first, "the same findings again: the thread's copy is used");
      assert.equal(threaded.stats.findingsSent, 1);
      const more = await plan([...one, onRisky("b"), onRisky("c")]);
      assert.notEqual(more, first, "three findings on the unit rank it differently from one");
      assert.equal(threaded.stats.findingsSent, 2);
      await plan([]);
      assert.equal(threaded.stats.findingsSent, 3);
    } finally {
      await threaded.close();
      await removeDir(dir);
    }
  });

  it("works implementation stages exactly as in process, down to the offered test file", async () => {
    const dir = await tempDir({
      "package.json": JSON.stringify({ name: "shop", version: "1.0.0", type: "module", scripts: { test: "node --test" } }),
      "src/price.js": "export function price(qty, unit) {\n  if (qty < 0) throw new Error('negative');\n  return qty * unit;\n}\n",
      "src/cart.js": "import { price } from './price.js';\nexport const total = (items) => items.reduce((s, i) => s + price(i.qty, i.unit), 0);\n",
    });
    const threaded = new ThreadedAnalysis(THREAD_BUNDLE);
    const inProcess = new InProcessAnalysis();
    try {
      const snapshot = await new WorkspaceReader(dir).scan();
      const edge = TEST_PLANNING_PERSPECTIVES.find((p) => p.id === "edge-cases")!;
      const { plans } = await inProcess.plan({ step: edge, snapshot, findings: [], previousInsights: emptyInsights(), compareApi: null });
      const plan = plans.find((p) => p.unit.name === "price");
      assert.ok(plan, "edge cases plan price(qty, unit)");
      for (const step of IMPLEMENTATION_STAGES) {
        const job: ImplementationJob = { step, snapshot, task: { kind: "plan", id: plan.id }, findings: [], plans, allowExecute: false, llm: null };
        const [there, here] = await Promise.all([threaded.implement(job, never), inProcess.implement(job)]);
        assert.deepEqual(there, here, step.id);
      }
      const last = await threaded.implement({ step: IMPLEMENTATION_STAGES[5]!, snapshot, task: { kind: "plan", id: plan.id }, findings: [], plans, allowExecute: false, llm: null }, never);
      assert.equal(last.codeChanges.length, 1, "a test file is offered");
      assert.match(last.codeChanges[0]!.code, /price/);
    } finally {
      await threaded.close();
      await removeDir(dir);
    }
  });

  it("sends each file version's text once, and a changed, removed or restored file is read as it is now", async () => {
    const dir = await tempDir({ "src/a.ts": "export const a = 1; // TODO first\n", "src/b.ts": "export const b = 2;\n" });
    const threaded = new ThreadedAnalysis(THREAD_BUNDLE);
    const quality = ANALYSIS_PERSPECTIVES.find((p) => p.id === "code-quality")!;
    const sent = () => {
      const n = threaded.stats.textsSent - seen;
      seen = threaded.stats.textsSent;
      return n;
    };
    let seen = 0;
    const todos = async () => {
      const snapshot = await new WorkspaceReader(dir).scan();
      const result = await threaded.run({ step: quality, snapshot, config: {}, coverageReports: [], audits: [] }, never);
      return result.findings.filter((f) => f.rule === "todo-note").map((f) => `${f.file}: ${f.message}`).sort();
    };
    try {
      const first = await todos();
      assert.equal(first.length, 1);
      assert.equal(sent(), 2);
      assert.deepEqual(await todos(), first, "unchanged: the thread's copies of the texts are used");
      assert.equal(sent(), 0);
      await fs.writeFile(path.join(dir, "src/b.ts"), "export const b = 2; // TODO second\n");
      assert.equal((await todos()).length, 2, "a changed file's new text reaches the thread");
      assert.equal(sent(), 1);
      const text = await fs.readFile(path.join(dir, "src/a.ts"), "utf8");
      await fs.rm(path.join(dir, "src/a.ts"));
      assert.equal((await todos()).length, 1, "a removed file is gone");
      assert.equal(sent(), 0);
      await fs.writeFile(path.join(dir, "src/a.ts"), text);
      assert.equal((await todos()).length, 2, "a file restored with the same content is sent again, since the thread let it go");
      assert.equal(sent(), 1);
    } finally {
      await threaded.close();
      await removeDir(dir);
    }
  });

  it("drops a job whose iteration was stopped while it waited its turn; the jobs after it read the right texts", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`src/m${i}.ts`] = `export function f${i}(x: number) {\n  return x > ${i} ? x : -x;\n}\n`.repeat(20);
    const dir = await tempDir({ ...files, "src/note.ts": "export const n = 1; // TODO one\n" });
    const threaded = new ThreadedAnalysis(THREAD_BUNDLE);
    const quality = ANALYSIS_PERSPECTIVES.find((p) => p.id === "code-quality")!;
    const edge = TEST_PLANNING_PERSPECTIVES.find((p) => p.id === "edge-cases")!;
    try {
      const first = await new WorkspaceReader(dir).scan();
      // The cold parse of 150 files keeps the thread busy while the next job waits and is stopped.
      const busy = threaded.run({ step: quality, snapshot: first, config: {}, coverageReports: [], audits: [] }, never);
      await fs.writeFile(path.join(dir, "src/note.ts"), "export const n = 1; // TODO one\n// TODO two\n");
      const second = await new WorkspaceReader(dir).scan();
      const stop = new AbortController();
      const waiting = threaded.plan({ step: edge, snapshot: second, findings: [], previousInsights: emptyInsights(), compareApi: null }, stop.signal);
      stop.abort(new Error("worker stopped"));
      await assert.rejects(waiting, /worker stopped/);
      assert.equal((await busy).status, "ok", "the job under way was let finish");
      const after = await threaded.run({ step: quality, snapshot: second, config: {}, coverageReports: [], audits: [] }, never);
      assert.deepEqual(after.findings.filter((f) => f.rule === "todo-note").map((f) => f.range.start.line).sort(), [1, 2], "the dropped job's new text reached the thread all the same");
    } finally {
      await threaded.close();
      await removeDir(dir);
    }
  });

  it("refuses a job whose text the thread does not hold, saying so", () => {
    const held = new Map<string, string>();
    const file = { path: "a.ts", size: 1, mtimeMs: 0, hash: "h1" };
    assert.deepEqual(filesWithTexts([{ ...file, text: "x" }], held).map((f) => f.text), ["x"]);
    assert.deepEqual(filesWithTexts([{ ...file, text: null }], held).map((f) => f.text), ["x"], "the held version");
    assert.throws(() => filesWithTexts([{ ...file, hash: "h2", text: null }], held), /was sent a\.ts without its text and does not hold that version; the next job sends every text/);
    assert.deepEqual(filesWithTexts([], held), []);
    assert.throws(() => filesWithTexts([{ ...file, text: null }], held), /without its text/, "a version the last job did not name is let go");
  });

  it("fails the job with the reason when the thread dies, and starts a new thread for the next", async () => {
    const dir = await tempDir();
    const broken = path.join(dir, "thread.js");
    await fs.writeFile(broken, "throw new Error('the thread could not load its rules');\n");
    const runner = new ThreadedAnalysis(broken);
    try {
      await assert.rejects(runner.run(jobs[0]!, never), /the analysis thread stopped: the thread could not load its rules; it is restarted/);
      await fs.copyFile(THREAD_BUNDLE, broken);
      await fs.cp(path.join(path.dirname(THREAD_BUNDLE), "wasm"), path.join(dir, "wasm"), { recursive: true });
      const result = await runner.run(jobs[0]!, never);
      assert.equal(result.status, "ok", "a fresh thread took the next job");
    } finally {
      await runner.close();
      await removeDir(dir);
    }
  });
});

describe("the analysis thread's watchdog", function () {
  this.timeout(30_000);
  const never = new AbortController().signal;
  const budgets = { fileMs: 400, stallMs: 1_500, checkEveryMs: 50 };
  let dir: string;
  let entry: string;

  before(async () => {
    dir = await tempDir();
    entry = path.join(dir, "hangingThread.js");
    await esbuild.build({ entryPoints: [path.join(__dirname, "fixtures", "hangingAnalysisThread.ts")], bundle: true, platform: "node", outfile: entry, logLevel: "silent" });
  });
  after(() => removeDir(dir));

  async function jobOver(files: Record<string, string>): Promise<AnalysisJob> {
    const root = await tempDir(files);
    const snapshot = await new WorkspaceReader(root).scan();
    await removeDir(root);
    return { step: ANALYSIS_PERSPECTIVES[0]!, snapshot, config: {}, coverageReports: [], audits: [] };
  }

  it("stops a file that holds the thread past its budget, skips it until it changes, and completes the pass", async () => {
    const runner = new ThreadedAnalysis(entry, budgets);
    try {
      const job = await jobOver({ "a.ts": "export const a = 1;\n", "b.ts": "// HANG\n", "c.ts": "export const c = 3;\n" });
      const result = await runner.run(job, never);
      assert.match(result.summary, /^saw a\.ts,c\.ts\. 1 file\(s\) were set aside/);
      assert.equal(result.skipped.length, 1);
      assert.equal(result.skipped[0]!.file, "b.ts");
      assert.match(result.skipped[0]!.reason, /held the analysis thread for \d+ s \(budget 0 s\): it was stopped and the file is skipped until it changes/);

      const started = Date.now();
      const again = await runner.run(job, never);
      assert.deepEqual(again.skipped.map((s) => s.file), ["b.ts"], "the same version stays set aside");
      assert.ok(Date.now() - started < budgets.fileMs * 5, "without waiting for the budget again");

      const edited = await jobOver({ "a.ts": "export const a = 1;\n", "b.ts": "export const b = 2;\n", "c.ts": "export const c = 3;\n" });
      const fixed = await runner.run(edited, never);
      assert.equal(fixed.summary, "saw a.ts,b.ts,c.ts.", "a changed file is analysed again");
      assert.deepEqual(fixed.skipped, []);
    } finally {
      await runner.close();
    }
  });

  it("fails a pass stalled outside any file with the reason, and the next pass gets a fresh thread", async () => {
    const runner = new ThreadedAnalysis(entry, budgets);
    try {
      await assert.rejects(runner.run(await jobOver({ "a.ts": "// STALL\n" }), never), /made no progress for \d+ s outside any one file .*runs again next iteration/);
      const next = await runner.run(await jobOver({ "a.ts": "export const a = 1;\n" }), never);
      assert.equal(next.summary, "saw a.ts.");
    } finally {
      await runner.close();
    }
  });

  it("the real pipeline points the beacon at each file while it parses and checks it", async () => {
    const root = await tempDir({ "src/a.ts": "export function f(x: number) { return x > 1 ? 1 : 0; } // TODO\n", "tool.py": "def g(x):\n    return x\n" });
    const entered = new Set<string>();
    let depth = 0;
    installFileBeacon({ enter: (p) => (entered.add(p), depth++), leave: () => depth-- });
    try {
      const snapshot = await new WorkspaceReader(root).scan();
      await new InProcessAnalysis().run({ step: ANALYSIS_PERSPECTIVES[0]!, snapshot, config: {}, coverageReports: [], audits: [] });
      assert.deepEqual([...entered].sort(), ["src/a.ts", "tool.py"]);
      assert.equal(depth, 0, "every enter is left");
    } finally {
      installFileBeacon(null);
      await removeDir(root);
    }
  });
});
