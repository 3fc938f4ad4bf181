// `npm run bench`: the same corpus, the same machine, our figures beside the tools a user would
// otherwise run, ratios computed in the same run. Results go to test/bench/results.json.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, openSync, promises as fs, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { PERSPECTIVE_RULES } from "../../server/analysis";
import { WorkspaceReader } from "../../server/workspace";
import { PINS, prepare } from "./corpus";
import { repeat, timeCommand, type Sample } from "./measure";

const RUNS = 3;
const REPO = path.resolve(__dirname, "..", "..");
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const dirs = await prepare(log);
  const out = path.join(REPO, "dist", "bench");
  await build({
    entryPoints: [path.join(__dirname, "rawParse.ts"), path.join(__dirname, "incremental.ts")],
    outdir: out,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
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
  await fs.writeFile(path.join(__dirname, "results.json"), JSON.stringify(results, null, 2) + "\n");
  printTable(results.figures, mb);
  console.log("\nratios", results.ratios);
  console.log(`\nperspectives with rules today: ${implemented.join(", ")} (the others record 'not implemented' and cost nothing)`);
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
