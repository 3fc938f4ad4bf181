// `npm run bench`: the same corpus, the same machine, our figures beside the tools a user would
// otherwise run, ratios computed in the same run; then the server under 200 subscribers.
// Three corpora (mid-size TS, large JS, Python); results go to test/bench/results.json.
// `npm run bench -- --only analysis|sockets|implementation` runs one part and keeps the others'
// last figures in the file; `--corpus mid|large|python` runs one corpus; `--socket-seconds N` shortens the load
// and `--clients N` changes the number of subscribers (to tell fan-out cost from the rest).
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, promises as fs, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { PERSPECTIVE_RULES } from "../../server/analysis";
import { WorkspaceReader } from "../../server/workspace";
import { PINS, PYTHON_CORPUS, prepare, type BenchDirs, type CorpusId } from "./corpus";
import { repeat, timeCommand, type Sample } from "./measure";
import { implementationBench, printImplementationFigures } from "./implementationBench";
import { runSocketLoad } from "./socketLoad";

const RUNS = 3;
const REPO = path.resolve(__dirname, "..", "..");
const RESULTS = path.join(__dirname, "results.json");
const OUT = path.join(REPO, "dist", "bench");
const FLAKE8 = "/usr/bin/flake8";
const log = (line: string) => process.stderr.write(`${line}\n`);

interface BenchArgs {
  only: "analysis" | "sockets" | "implementation" | null;
  /** Only this corpus: its figures replace that corpus's in the results file. */
  corpus: CorpusId | null;
  socketSeconds: number;
  clients: number;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { only: null, corpus: null, socketSeconds: 300, clients: 200 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--only" && (value === "analysis" || value === "sockets" || value === "implementation")) args.only = value;
    else if (argv[i] === "--corpus" && (value === "mid" || value === "large" || value === "python")) args.corpus = value;
    else if (argv[i] === "--socket-seconds" && Number(value) >= 10) args.socketSeconds = Number(value);
    else if (argv[i] === "--clients" && Number.isInteger(Number(value)) && Number(value) >= 4) args.clients = Number(value);
    else throw new Error(`unknown bench option ${argv[i]} ${value ?? ""}: use --only analysis|sockets|implementation, --corpus mid|large|python, --socket-seconds N (at least 10), --clients N (at least 4)`);
    i++;
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.only === "implementation") {
    const implementation = await implementationBench();
    printImplementationFigures(implementation);
    const kept = JSON.parse(await fs.readFile(RESULTS, "utf8").catch(() => "{}")) as Record<string, unknown>;
    await fs.writeFile(RESULTS, JSON.stringify({ ...kept, implementation }, null, 2) + "\n");
    return;
  }
  const dirs = await prepare(log);
  await build({
    entryPoints: ["rawParse.ts", "incremental.ts", "socketClients.ts"].map((f) => path.join(__dirname, f)),
    outdir: OUT,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
    // web-tree-sitter locates itself through import.meta.url, which a CommonJS bundle lacks (as in scripts/build.mjs).
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__importMetaUrl" },
  });
  const previous = JSON.parse(await fs.readFile(RESULTS, "utf8").catch(() => "{}")) as Record<string, unknown>;
  const analysis = args.only === "sockets" ? null : await allCorpora(dirs, args.corpus, previous.corpora as Record<string, unknown> | undefined);
  const server = args.only === "analysis" ? null : await socketBench(dirs, args.socketSeconds, args.clients);
  const implementation = args.only === null ? await implementationBench() : null;
  if (implementation) printImplementationFigures(implementation);
  const results = { ...previous, ...(analysis ?? {}), ...(server ? { server } : {}), ...(implementation ? { implementation } : {}) };
  await fs.writeFile(RESULTS, JSON.stringify(results, null, 2) + "\n");
}

async function socketBench(dirs: BenchDirs, seconds: number, clients: number) {
  log(`server: ${clients} WebSocket subscribers on loopback while the rotations run over the corpus …`);
  const result = await runSocketLoad({
    cli: path.join(REPO, "dist", "cli.js"),
    clientScript: path.join(OUT, "socketClients.js"),
    workspace: dirs.corpora.mid!,
    clients,
    processes: 4,
    seconds,
    intervals: { analysis: 2, "test-planning": 1, implementation: 1 },
    dashboard: true,
    log,
  });
  const { series, ...rss } = result.rssMb;
  console.log(`\nserver, ${result.clients} subscribers, ${result.seconds} s, ${result.events} iterations, ${result.receipts} receipts`);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const { p50, p90, p99, max } = result.latencyMs;
  console.log(`  latency iteration end → client receipt: p50 ${ms(p50)}, p90 ${ms(p90)}, p99 ${ms(p99)}, max ${ms(max)} (target p99 < 50 ms: ${p99 < 50 ? "met" : "missed"})`);
  const byWorker = Object.entries(result.latencyP99ByWorkerMs).map(([w, v]) => `${w} ${ms(v)}`).join(", ");
  console.log(`  p99 by worker: ${byWorker}; unexpected disconnects: ${result.unexpectedCloses}; load average at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  console.log(`  server RSS: ${JSON.stringify(rss)} (series of ${series.length} samples in results.json)`);
  if (result.dashboard) {
    const d = result.dashboard.drawnMs;
    console.log(`  dashboard page (one more subscriber, Chromium): iteration end → row drawn over ${result.dashboard.iterations} iterations: p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, p99 ${ms(d.p99)}, max ${ms(d.max)} (target 100 ms: p95 ${d.p95 < 100 ? "met" : "missed"})`);
  }
  return { date: new Date().toISOString(), loadAverage1mAtEnd: Number(os.loadavg()[0]!.toFixed(2)), cpus: os.cpus().length, ...result };
}

/** Every corpus in one run, so the figures and their ratios come from the same machine state. */
async function allCorpora(dirs: BenchDirs, only: CorpusId | null, previous: Record<string, unknown> = {}) {
  const corpora: Record<string, unknown> = only ? { ...previous } : {};
  const wanted = (id: CorpusId) => only === null || only === id;
  // The slow external tools run once on the large corpus (each takes tens of seconds), so the whole bench stays near ten minutes.
  if (wanted("mid")) corpora.mid = await corpusBench(dirs, "mid", { toolRuns: RUNS, compare: "typescript", planning: true });
  if (wanted("large")) corpora.large = await corpusBench(dirs, "large", { toolRuns: 1, compare: "typescript", planning: false });
  if (wanted("python") && dirs.corpora.python) corpora.python = await corpusBench(dirs, "python", { toolRuns: RUNS, compare: "python", planning: true });
  else if (wanted("python")) log(`no Python corpus: ${PYTHON_CORPUS} is not on this machine`);
  return {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    loadAverage1mAtEnd: Number(os.loadavg()[0]!.toFixed(2)),
    tools: PINS.tools,
    runs: RUNS,
    implementedPerspectives: Object.entries(PERSPECTIVE_RULES).filter(([, p]) => p !== null).map(([id]) => id),
    corpora,
  };
}

interface CorpusOptions {
  toolRuns: number;
  /** Which tools a user of this language would otherwise run. */
  compare: "typescript" | "python";
  /** Also time a full test-planning pass and one implementation task. */
  planning: boolean;
}

async function corpusBench(dirs: BenchDirs, id: CorpusId, options: CorpusOptions) {
  const dir = dirs.corpora[id]!;
  const rel = path.relative(dirs.root, dir);
  const snapshot = await new WorkspaceReader(dir).scan();
  const mb = snapshot.bytes / 1e6;
  const node = process.execPath;
  const cli = path.join(REPO, "dist", "cli.js");
  const pin = id === "python" ? { name: "Debian python3 dist-packages", path: PYTHON_CORPUS } : PINS.corpora[id];
  log(`\n${id} corpus ${JSON.stringify(pin)}: ${snapshot.files.length} files, ${mb.toFixed(1)} MB (${dirs.removed[id]?.length ?? 0} file(s) over 1 MB left out)`);

  const figures: Record<string, Sample | Record<string, number>> = {};
  if (options.compare === "typescript") {
    log("raw TypeScript parse …");
    figures.rawParse = repeat(RUNS, () => timeCommand(node, [path.join(OUT, "rawParse.js"), dir], dirs.root));
  }
  log("autocoder analyze (cold process, all perspectives) …");
  const ours = repeat(RUNS, () => timeCommand(node, [cli, "analyze", dir, "--format", "json"], dirs.root));
  figures.autocoderColdProcess = ours;
  log("autocoder cold / warm / one-file pass in one process …");
  const passes = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(node, [path.join(OUT, "incremental.js"), dir], { encoding: "utf8" })) as Record<string, number>);
  const mid = (k: string) => passes.map((p) => p[k]!).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  figures.autocoderInProcess = { coldMs: Math.round(mid("coldMs")), warmMs: Math.round(mid("warmMs")), oneFileMs: Math.round(mid("oneFileMs")), peakRssMb: mid("peakRssMb") };
  if (options.planning) {
    log("autocoder plan (analysis + all fifteen planning perspectives, cold process) …");
    figures.autocoderPlan = repeat(RUNS, () => timeCommand(node, [cli, "plan", dir, "--format", "json"], dirs.root));
    const planId = firstPlanId(node, cli, dir);
    if (planId) {
      log(`autocoder implement --plan ${planId} (six stages, cold process) …`);
      figures.autocoderImplementOneTask = repeat(RUNS, () => timeCommand(node, [cli, "implement", dir, "--plan", planId, "--format", "json"], dirs.root));
    }
  }

  const tools: Record<string, Sample> = {};
  let cycles: ReturnType<typeof cycleAgreement> | null = null;
  if (options.compare === "typescript") {
    const runs = options.toolRuns;
    log(`ESLint, complexity rule only (typescript-eslint parser), ${runs} run(s) …`);
    tools.eslintComplexityOnly = repeat(runs, () => timeCommand(node, [path.join(dirs.root, "node_modules", "eslint", "bin", "eslint.js"), rel], dirs.root, [0, 1]));
    log("jscpd …");
    const jscpdOut = path.join(dirs.root, "jscpd-report");
    tools.jscpd = repeat(runs, () =>
      timeCommand(node, [path.join(dirs.root, "node_modules", "jscpd", "bin", "jscpd"), rel, "--min-tokens", "50", "--silent", "--reporters", "json", "--output", jscpdOut], dirs.root, [0, 1]),
    );
    log("secretlint (recommended preset) …");
    tools.secretlintRecommended = repeat(runs, () =>
      timeCommand(node, [path.join(dirs.root, "node_modules", "secretlint", "bin", "secretlint.js"), `${rel}/**/*`, "--secretlintrc", ".secretlintrc.json"], dirs.root, [0, 1]),
    );
    log("madge --circular …");
    const madgeArgs = [path.join(dirs.root, "node_modules", "madge", "bin", "cli.js"), "--circular", "--json", "--extensions", "ts,tsx,js", dir];
    tools.madgeCircular = repeat(runs, () => timeCommand(node, madgeArgs, dirs.root, [0, 1]));
    cycles = cycleAgreement(
      madgeCycles(node, madgeArgs, dirs.root),
      JSON.parse(execFileSync(node, [cli, "analyze", dir, "--perspective", "architecture", "--format", "json"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as {
        findings: { rule: string; data?: { modules?: string[]; kind?: string } }[];
      },
    );
    log(`cycles: madge ${cycles.madgeCycles}, autocoder ${cycles.groups} groups (${cycles.runtimeGroups} at runtime); agree: ${cycles.agree}`);
  } else if (existsSync(FLAKE8)) {
    log("flake8, McCabe complexity only (C901, max 10) …");
    tools.flake8Complexity = repeat(options.toolRuns, () => timeCommand(FLAKE8, ["--select=C901", "--max-complexity=10", rel], dirs.root, [0, 1]));
  } else {
    log(`no Python comparison: ${FLAKE8} is not installed (Debian package flake8)`);
  }

  const all = Object.values(tools);
  const sum = all.reduce((t, s) => t + s.seconds, 0);
  const ratios: Record<string, number> = { warmOverCold: round(mid("warmMs") / mid("coldMs")) };
  const raw = figures.rawParse as Sample | undefined;
  if (raw) ratios.autocoderOverRawParse = round(ours.seconds / raw.seconds);
  if (all.length) {
    ratios.toolsOneAfterAnotherOverAutocoder = round(sum / ours.seconds);
    ratios.fastestToolOverAutocoder = round(Math.min(...all.map((t) => t.seconds)) / ours.seconds);
  }
  const lint = tools.eslintComplexityOnly ?? tools.flake8Complexity;
  if (lint) ratios.autocoderRssOverLinterRss = round(ours.peakRssMb / lint.peakRssMb);
  printTable({ ...figures, ...tools }, mb);
  console.log(`ratios (${id})`, ratios);
  return {
    date: new Date().toISOString(),
    loadAverage1mAtEnd: Number(os.loadavg()[0]!.toFixed(2)),
    corpus: { ...pin, files: snapshot.files.length, mb: Number(mb.toFixed(2)), leftOutOverOneMb: dirs.removed[id] ?? [] },
    toolRuns: options.toolRuns,
    figures,
    tools,
    cycles,
    ratios,
  };
}

/** The riskiest plan's id, for timing one implementation task. */
function firstPlanId(node: string, cli: string, dir: string): string | null {
  const out = execFileSync(node, [cli, "plan", dir, "--format", "json", "--max-plans", "1"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return (JSON.parse(out) as { plans: { id: string }[] }).plans[0]?.id ?? null;
}

function printTable(f: Record<string, Sample | Record<string, number>>, mb: number): void {
  const rows: [string, string, string, string][] = [["", "seconds", "MB/s", "peak RSS MB"]];
  for (const [name, s] of Object.entries(f)) {
    if ("seconds" in s) rows.push([name, s.seconds.toFixed(2), (mb / s.seconds).toFixed(1), String(s.peakRssMb)]);
  }
  const inproc = f.autocoderInProcess as Record<string, number>;
  if (!inproc) return void rows.forEach((r) => console.log(r.join("  ")));
  for (const k of ["coldMs", "warmMs", "oneFileMs"]) rows.push([`autocoder in-process ${k.replace("Ms", "")}`, (inproc[k]! / 1000).toFixed(3), "", k === "coldMs" ? String(inproc.peakRssMb) : ""]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
}

/** madge exits 1 when it finds cycles and exits before a pipe drains: give it a file. */
function madgeCycles(node: string, args: string[], cwd: string): string[][] {
  const file = path.join(os.tmpdir(), `autocoder-bench-madge-${process.pid}.json`);
  const fd = openSync(file, "w");
  try {
    spawnSync(node, args, { cwd, stdio: ["ignore", fd, "ignore"] });
  } finally {
    closeSync(fd);
  }
  const cycles = JSON.parse(readFileSync(file, "utf8")) as string[][];
  rmSync(file, { force: true });
  return cycles;
}

/**
 * madge lists elementary cycles its search met; we list strongly connected groups. They agree
 * when every madge cycle lies inside one of our groups and every group holds a madge cycle.
 */
function cycleAgreement(madge: string[][], ours: { findings: { rule: string; data?: { modules?: string[]; kind?: string } }[] }) {
  const groups = ours.findings.filter((f) => f.rule === "import-cycle").map((f) => ({ members: new Set(f.data!.modules!), kind: f.data!.kind }));
  const inside = (cycle: string[]) => groups.some((g) => cycle.every((m) => g.members.has(m)));
  const outside = madge.filter((c) => !inside(c));
  const empty = groups.filter((g) => !madge.some((c) => c.every((m) => g.members.has(m))));
  return {
    madgeCycles: madge.length,
    groups: groups.length,
    runtimeGroups: groups.filter((g) => g.kind === "runtime").length,
    madgeCyclesOutsideOurGroups: outside.length,
    ourGroupsWithoutMadgeCycle: empty.length,
    agree: outside.length === 0 && empty.length === 0,
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exitCode = 1;
});
