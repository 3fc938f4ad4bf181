// `npm run bench`: the same corpus, the same machine, our figures beside the tools a user would
// otherwise run, ratios computed in the same run; then the server under 200 subscribers.
// Results go to test/bench/results.json. `npm run bench -- --only analysis|sockets|implementation`
// runs one part and keeps the others' last figures in the file; `--socket-seconds N` shortens the load
// and `--clients N` changes the number of subscribers (to tell fan-out cost from the rest).
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, openSync, promises as fs, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { PERSPECTIVE_RULES } from "../../server/analysis";
import { WorkspaceReader } from "../../server/workspace";
import { PINS, prepare, type BenchDirs } from "./corpus";
import { repeat, timeCommand, type Sample } from "./measure";
import { implementationBench, printImplementationFigures } from "./implementationBench";
import { runSocketLoad } from "./socketLoad";

const RUNS = 3;
const REPO = path.resolve(__dirname, "..", "..");
const RESULTS = path.join(__dirname, "results.json");
const OUT = path.join(REPO, "dist", "bench");
const log = (line: string) => process.stderr.write(`${line}\n`);

interface BenchArgs {
  only: "analysis" | "sockets" | "implementation" | null;
  socketSeconds: number;
  clients: number;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { only: null, socketSeconds: 300, clients: 200 };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--only" && (value === "analysis" || value === "sockets" || value === "implementation")) args.only = value;
    else if (argv[i] === "--socket-seconds" && Number(value) >= 10) args.socketSeconds = Number(value);
    else if (argv[i] === "--clients" && Number.isInteger(Number(value)) && Number(value) >= 4) args.clients = Number(value);
    else throw new Error(`unknown bench option ${argv[i]} ${value ?? ""}: use --only analysis|sockets|implementation, --socket-seconds N (at least 10), --clients N (at least 4)`);
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
  });
  const previous = JSON.parse(await fs.readFile(RESULTS, "utf8").catch(() => "{}")) as Record<string, unknown>;
  const analysis = args.only === "sockets" ? null : await analysisBench(dirs);
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
    workspace: dirs.corpus,
    clients,
    processes: 4,
    seconds,
    intervals: { analysis: 2, "test-planning": 1, implementation: 1 },
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
  return { date: new Date().toISOString(), loadAverage1mAtEnd: Number(os.loadavg()[0]!.toFixed(2)), cpus: os.cpus().length, ...result };
}

async function analysisBench(dirs: BenchDirs) {
  const out = OUT;
  const snapshot = await new WorkspaceReader(dirs.corpus).scan();
  const mb = snapshot.bytes / 1e6;
  const node = process.execPath;
  log(`corpus ${PINS.corpus.name}@${PINS.corpus.version}/${PINS.corpus.sourceDir}: ${snapshot.files.length} files, ${mb.toFixed(1)} MB`);

  log("raw TypeScript parse …");
  const rawParse = repeat(RUNS, () => timeCommand(node, [path.join(out, "rawParse.js"), dirs.corpus], dirs.root));
  log("autocoder analyze (cold process, all perspectives) …");
  const ours = repeat(RUNS, () => timeCommand(node, [path.join(REPO, "dist", "cli.js"), "analyze", dirs.corpus, "--format", "json"], dirs.root));
  log("autocoder cold / warm / one-file pass in one process …");
  const passes = Array.from({ length: RUNS }, () =>
    JSON.parse(execFileSync(node, [path.join(out, "incremental.js"), dirs.corpus], { encoding: "utf8" })) as Record<string, number>,
  );
  const mid = (k: string) => passes.map((p) => p[k]!).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  log("ESLint, complexity rule only (typescript-eslint parser) …");
  const eslint = repeat(RUNS, () =>
    timeCommand(node, [path.join(dirs.root, "node_modules", "eslint", "bin", "eslint.js"), "corpus"], dirs.root, [0, 1]),
  );
  log("jscpd …");
  const jscpdOut = path.join(dirs.root, "jscpd-report");
  const jscpd = repeat(RUNS, () =>
    timeCommand(
      node,
      [path.join(dirs.root, "node_modules", "jscpd", "bin", "jscpd"), "corpus", "--min-tokens", "50", "--silent", "--reporters", "json", "--output", jscpdOut],
      dirs.root,
      [0, 1],
    ),
  );

  log("secretlint (recommended preset) …");
  const secretlint = repeat(RUNS, () =>
    timeCommand(node, [path.join(dirs.root, "node_modules", "secretlint", "bin", "secretlint.js"), "corpus/**/*", "--secretlintrc", ".secretlintrc.json"], dirs.root, [0, 1]),
  );
  log("madge --circular …");
  const madgeArgs = [path.join(dirs.root, "node_modules", "madge", "bin", "cli.js"), "--circular", "--json", "--extensions", "ts,tsx,js", dirs.corpus];
  const madge = repeat(RUNS, () => timeCommand(node, madgeArgs, dirs.root, [0, 1]));
  const cycles = cycleAgreement(
    madgeCycles(node, madgeArgs, dirs.root),
    JSON.parse(
      execFileSync(node, [path.join(REPO, "dist", "cli.js"), "analyze", dirs.corpus, "--perspective", "architecture", "--format", "json"], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      }),
    ) as { findings: { rule: string; data?: { modules?: string[]; kind?: string } }[] },
  );
  log(`cycles: madge ${cycles.madgeCycles}, autocoder ${cycles.groups} groups (${cycles.runtimeGroups} at runtime); agree: ${cycles.agree}`);

  const implemented = Object.entries(PERSPECTIVE_RULES).filter(([, p]) => p !== null).map(([id]) => id);
  const others = [eslint, jscpd, madge, secretlint];
  const sum = others.reduce((t, s) => t + s.seconds, 0);
  const fastest = Math.min(...others.map((s) => s.seconds));
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    corpus: { ...PINS.corpus, files: snapshot.files.length, mb: Number(mb.toFixed(2)) },
    tools: PINS.tools,
    runs: RUNS,
    implementedPerspectives: implemented,
    figures: {
      rawParse,
      autocoderColdProcess: ours,
      autocoderInProcess: { coldMs: Math.round(mid("coldMs")), warmMs: Math.round(mid("warmMs")), oneFileMs: Math.round(mid("oneFileMs")), peakRssMb: mid("peakRssMb") },
      eslintComplexityOnly: eslint,
      jscpd,
      madgeCircular: madge,
      secretlintRecommended: secretlint,
    },
    cycles,
    ratios: {
      autocoderOverRawParse: round(ours.seconds / rawParse.seconds),
      toolsOneAfterAnotherOverAutocoder: round(sum / ours.seconds),
      fastestToolOverAutocoder: round(fastest / ours.seconds),
      autocoderRssOverEslintRss: round(ours.peakRssMb / eslint.peakRssMb),
      warmOverCold: round(mid("warmMs") / mid("coldMs")),
    },
  };
  printTable(results.figures, mb);
  console.log("\nratios", results.ratios);
  console.log(`\nperspectives with rules today: ${implemented.join(", ")} (the others record 'not implemented' and cost nothing)`);
  return results;
}

function printTable(f: Record<string, Sample | Record<string, number>>, mb: number): void {
  const rows: [string, string, string, string][] = [["", "seconds", "MB/s", "peak RSS MB"]];
  for (const [name, s] of Object.entries(f)) {
    if ("seconds" in s) rows.push([name, s.seconds.toFixed(2), (mb / s.seconds).toFixed(1), String(s.peakRssMb)]);
  }
  const inproc = f.autocoderInProcess as Record<string, number>;
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
