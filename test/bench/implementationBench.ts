// The implementation worker on a real npm package with no tests of its own: for every plan of
// its exported functions, stage 6 with --allow-execute (characterize, render, run once), then
// the tests it offers run together under c8 for the line coverage they add. The package and c8
// are installed at pinned versions into a temp folder; nothing of it is committed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyseOnce } from "../../server/cli/oneShotAnalysis";
import { planOnce } from "../../server/cli/oneShotPlanning";
import { runImplementationStage, workspaceChecks } from "../../server/implementation";
import { IMPLEMENTATION_STAGES, type TestPlan } from "../../server/protocol";

export const IMPLEMENTATION_PINS = { package: { name: "semver", version: "7.6.3" }, c8: "10.1.3" } as const;

export interface ImplementationFigures {
  package: string;
  plans: number;
  /** Plans whose unit could be characterized (a function of its arguments) and those that could not. */
  characterized: number;
  /** Test files offered (they parse, and type-check where the project type-checks them) and withheld. */
  filesOffered: number;
  filesWithheld: number;
  /** Running tests in the first run of each file, before failures are written out skipped. */
  testsRun: number;
  testsPassed: number;
  testsFailed: number;
  passRate: number;
  /** Running tests in the offered files, and how many of them pass when all run together under c8. */
  testsOffered: number;
  testsOfferedPassing: number;
  /**
   * Line coverage (%) of the package's .js files: with nothing run, with every module the tests
   * import merely loaded (top-level lines run on load, so this is the floor any test reaches),
   * and with the offered tests.
   */
  coverage: { before: number; loadOnly: number; after: number; gainPoints: number; gainOverLoadPoints: number; linesTotal: number };
  seconds: number;
  failures: string[];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function prepare(): Promise<{ root: string; workspace: string }> {
  const { name, version } = IMPLEMENTATION_PINS.package;
  const root = path.join(os.tmpdir(), "autocoder-bench-implementation", `${name}@${version}_c8@${IMPLEMENTATION_PINS.c8}`);
  if (!existsSync(path.join(root, "ready"))) {
    log(`installing ${name}@${version} and c8@${IMPLEMENTATION_PINS.c8} into ${root} …`);
    await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(root, { recursive: true });
    await fs.writeFile(path.join(root, "package.json"), JSON.stringify({ name: "autocoder-bench-implementation", private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", `${name}@${version}`, `c8@${IMPLEMENTATION_PINS.c8}`], { cwd: root, stdio: "ignore" });
    await fs.writeFile(path.join(root, "ready"), "");
  }
  // A fresh copy each run, outside node_modules (the reader skips node_modules), with no tests of its own.
  const workspace = path.join(root, "workspace");
  await fs.rm(workspace, { recursive: true, force: true });
  await fs.cp(path.join(root, "node_modules", name), workspace, { recursive: true });
  return { root, workspace };
}

/** Line coverage (%) of the package's .js files under c8 while `files` run with node --test (none: nothing runs). */
function coverage(root: string, workspace: string, files: string[]): { pct: number; total: number; passed: number; failed: number } {
  const report = path.join(root, `coverage-${files[0] === "--load" ? "load" : files.length}`);
  const c8 = path.join(root, "node_modules", "c8", "bin", "c8.js");
  const run = files.length === 0 ? ["-e", "0"] : files[0] === "--load" ? ["-e", files.slice(1).map((f) => `require(${JSON.stringify(`./${f}`)});`).join("")] : ["--test", "--test-reporter=tap", ...files];
  const out = spawnSync(process.execPath, [c8, "--all", "--src", ".", "--include", "**/*.js", "--exclude", "**/*.autocoder-bench-*.test.js", "--reporter", "json-summary", "--report-dir", report, process.execPath, ...run], { cwd: workspace, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const summary = JSON.parse(execFileSync("cat", [path.join(report, "coverage-summary.json")], { encoding: "utf8" })) as { total: { lines: { pct: number; total: number } } };
  const tap = out.stdout ?? "";
  return { pct: summary.total.lines.pct, total: summary.total.lines.total, passed: Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0), failed: Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0) };
}

export async function implementationBench(): Promise<ImplementationFigures> {
  const started = performance.now();
  const { root, workspace } = await prepare();
  const analysis = await analyseOnce(workspace);
  const { plans } = await planOnce(analysis);
  const checks = workspaceChecks(workspace, true);
  const stage = IMPLEMENTATION_STAGES[IMPLEMENTATION_STAGES.length - 1]!;
  const figures = { characterized: 0, filesOffered: 0, filesWithheld: 0, testsRun: 0, testsPassed: 0, testsFailed: 0 };
  const failures: string[] = [];
  const offered: { plan: TestPlan; code: string; running: number }[] = [];
  log(`implementation: ${plans.length} plans for ${IMPLEMENTATION_PINS.package.name}@${IMPLEMENTATION_PINS.package.version} …`);
  for (const [i, plan] of plans.entries()) {
    const out = await runImplementationStage(stage, { task: { kind: "plan", id: plan.id }, findings: analysis.findings, plans, files: analysis.parsed, checks });
    if (out.notes.some((n) => /^Ran \S+ on \d+ planned input/.test(n))) figures.characterized++;
    const ran = /ran once: (\d+) passed, (\d+) failed/.exec(out.summary);
    if (ran) {
      figures.testsPassed += Number(ran[1]);
      figures.testsFailed += Number(ran[2]);
      figures.testsRun += Number(ran[1]) + Number(ran[2]);
    }
    for (const n of out.notes.filter((n) => n.startsWith("Failed: "))) failures.push(`${plan.id}: ${n.slice(8)}`);
    const change = out.codeChanges[0];
    if (change) {
      figures.filesOffered++;
      const running = Number(/(\d+) running assertion\(s\)/.exec(out.notes[0] ?? "")?.[1] ?? 0);
      if (running > 0) offered.push({ plan, code: change.code, running });
    } else figures.filesWithheld++;
    if ((i + 1) % 10 === 0) log(`  ${i + 1}/${plans.length} plans`);
  }
  // Every offered file with a running test, beside its target (its imports are relative), under a name of its own.
  const written: string[] = [];
  for (const [i, o] of offered.entries()) {
    const target = o.plan.target.path.replace(/(\.test)?(\.[cm]?js)$/, `.autocoder-bench-${i}.test$2`);
    await fs.writeFile(path.join(workspace, target), o.code);
    written.push(target);
  }
  const before = coverage(root, workspace, []);
  const loaded = [...new Set(offered.map((o) => o.plan.unit.file))];
  const loadOnly = coverage(root, workspace, ["--load", ...loaded]);
  const after = coverage(root, workspace, written);
  const passRate = figures.testsRun ? figures.testsPassed / figures.testsRun : 0;
  return {
    package: `${IMPLEMENTATION_PINS.package.name}@${IMPLEMENTATION_PINS.package.version}`,
    plans: plans.length,
    ...figures,
    passRate: Math.round(passRate * 1000) / 10,
    testsOffered: offered.reduce((n, o) => n + o.running, 0),
    testsOfferedPassing: after.passed,
    coverage: {
      before: before.pct,
      loadOnly: loadOnly.pct,
      after: after.pct,
      gainPoints: Math.round((after.pct - before.pct) * 100) / 100,
      gainOverLoadPoints: Math.round((after.pct - loadOnly.pct) * 100) / 100,
      linesTotal: after.total,
    },
    seconds: Math.round((performance.now() - started) / 1000),
    failures: failures.slice(0, 20),
  };
}

export function printImplementationFigures(f: ImplementationFigures): void {
  console.log(`\nimplementation on ${f.package} (${f.plans} plans, ${f.characterized} characterized, ${f.seconds} s)`);
  console.log(`  test files offered: ${f.filesOffered}, withheld: ${f.filesWithheld}`);
  console.log(`  first run of the generated tests: ${f.testsRun} ran, ${f.testsPassed} passed, ${f.testsFailed} failed → ${f.passRate}% pass (target ≥ 90%: ${f.passRate >= 90 ? "met" : "missed"})`);
  console.log(`  offered running tests: ${f.testsOffered}; passing when all run together under c8: ${f.testsOfferedPassing}`);
  console.log(`  line coverage of the package: ${f.coverage.before}% → ${f.coverage.after}% of ${f.coverage.linesTotal} lines (+${f.coverage.gainPoints} points; target +20: ${f.coverage.gainPoints >= 20 ? "met" : "missed"})`);
  console.log(`  of which loading the tested modules alone reaches ${f.coverage.loadOnly}%: the tests' calls add +${f.coverage.gainOverLoadPoints} points over that`);
  for (const failure of f.failures.slice(0, 5)) console.log(`  failed: ${failure}`);
}

if (require.main === module) {
  implementationBench().then(
    (f) => {
      printImplementationFigures(f);
      console.log(JSON.stringify(f, null, 2));
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
