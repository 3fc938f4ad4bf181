import * as path from "node:path";
import type { Finding } from "../../protocol";
import type { ParsedFile } from "../../workspace";
import { moduleGraph } from "../../analysis/facts/moduleGraph";
import { packageManifests } from "../../analysis/facts/manifests";
import { scriptEntryOf, unitsOf, type Unit } from "../units";
import { ciConfigs, type CiConfig } from "./ciConfigs";
import { detectFrameworks, type Frameworks } from "./frameworks";
import { testInventory, type TestInventory } from "./testInventory";

/** A unit's public surface as an earlier version had it, for backwards-compatibility checks. */
export interface ApiEntry {
  id: string;
  file: string;
  name: string;
  signature: string;
  params: string[];
}

export interface ApiBaseline {
  /** "git HEAD" or "the previous iteration". */
  source: string;
  entries: ApiEntry[];
}

/** Everything a planning perspective reads, built once per workspace version. */
export interface PlanningContext {
  files: readonly ParsedFile[];
  byPath: Map<string, ParsedFile>;
  /** Every unit of the shipped code. */
  units: Unit[];
  findings: readonly Finding[];
  frameworks: Frameworks;
  tests: TestInventory;
  ci: CiConfig[];
  /** Module → how many workspace modules import it. */
  fanIn: Map<string, number>;
  testScript: string | null;
  baseline: ApiBaseline | null;
}

let memo: { files: readonly ParsedFile[]; findings: readonly Finding[]; baseline: ApiBaseline | null; context: PlanningContext } | null = null;

/** Pure (memoised on its inputs): the context of one workspace version. */
export function planningContext(files: readonly ParsedFile[], findings: readonly Finding[], baseline: ApiBaseline | null): PlanningContext {
  if (memo && memo.findings === findings && memo.baseline === baseline && memo.files.length === files.length && memo.files.every((f, i) => f === files[i])) return memo.context;
  const graph = moduleGraph(files);
  const fanIn = new Map<string, number>();
  for (const e of graph.edges) if (!e.fact.typeOnly) fanIn.set(e.to, (fanIn.get(e.to) ?? 0) + 1);
  const root = packageManifests(files).sort((a, b) => a.dir.length - b.dir.length)[0];
  let testScript: string | null = null;
  try {
    testScript = root ? ((JSON.parse(root.file.file.text) as { scripts?: { test?: string } }).scripts?.test ?? null) : null;
  } catch {
    testScript = null;
  }
  const bins = binFiles(files);
  const context: PlanningContext = {
    files,
    byPath: new Map(files.map((f) => [f.file.path, f])),
    units: files.flatMap((f) => {
      const entry = bins.has(f.file.path) ? scriptEntryOf(f) : null;
      return entry ? [...unitsOf(f), entry] : unitsOf(f);
    }),
    findings,
    frameworks: detectFrameworks(files),
    tests: testInventory(files),
    ci: ciConfigs(files, testScript),
    fanIn,
    testScript,
    baseline,
  };
  memo = { files: [...files], findings, baseline, context };
  return context;
}

/** The findings located inside a unit's declaration. */
export function findingsIn(context: PlanningContext, unit: Unit): Finding[] {
  const file = context.byPath.get(unit.file);
  if (!file) return [];
  const first = file.position(unit.start).line;
  const last = file.position(unit.end).line;
  return context.findings.filter((f) => f.file === unit.file && f.range.start.line >= first && f.range.start.line <= last);
}

/** Test files that import the unit's module. */
export function testsReaching(context: PlanningContext, unit: Unit): string[] {
  return context.tests.importers.get(unit.file) ?? [];
}

/** The API entry of a unit, as backwards-compatibility baselines keep it. */
export function apiEntry(unit: Unit): ApiEntry {
  return { id: unit.id, file: unit.file, name: unit.name, signature: unit.signature, params: unit.params.map((p) => `${p.rest ? "..." : ""}${p.name}${p.optional ? "?" : ""}`) };
}

export function moduleOf(file: string): string {
  return path.posix.basename(file).replace(/\.[^.]+$/, "");
}

/** The files package.json `bin` entries run, relative to the workspace root. */
function binFiles(files: readonly ParsedFile[]): Set<string> {
  const out = new Set<string>();
  for (const m of packageManifests(files)) {
    let bin: unknown;
    try {
      bin = (JSON.parse(m.file.file.text) as { bin?: unknown }).bin;
    } catch {
      continue;
    }
    const targets = typeof bin === "string" ? [bin] : bin && typeof bin === "object" ? Object.values(bin as Record<string, unknown>).filter((v): v is string => typeof v === "string") : [];
    for (const t of targets) out.add(path.posix.normalize(path.posix.join(m.dir, t)));
  }
  return out;
}
