import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ANALYSIS_PERSPECTIVES } from "../../server/protocol";
import { InProcessAnalysis, ThreadedAnalysis, type AnalysisJob } from "../../server/workers";
import { WorkspaceReader } from "../../server/workspace";
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
