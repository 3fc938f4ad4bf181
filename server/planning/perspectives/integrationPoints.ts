import { PYTHON_STDLIB } from "../../analysis/facts/pythonStdlib";
import type { Unit } from "../units";
import { argsFor, expect, inputs, type CaseDraft, type PlanningPerspective } from "./perspective";

export type IntegrationCategory = "file system" | "network" | "database" | "child process" | "environment" | "timer" | "clock" | "randomness" | "package";

export interface IntegrationPoint {
  category: IntegrationCategory;
  /** What is called, as written. */
  target: string;
  /** The module it comes from, when imported. */
  module: string | null;
  line: number;
}

const BY_MODULE: [RegExp, IntegrationCategory][] = [
  [/^(node:)?fs(\/promises)?$|^(fs-extra|graceful-fs|pathlib|shutil|os\.path|glob|tempfile)$/, "file system"],
  [/^(node:)?(http|https|http2|net|dgram|tls|dns)$|^(axios|node-fetch|undici|got|superagent|ky|ws|socket\.io(-client)?|requests|httpx|aiohttp|urllib(\.request)?|urllib3|http\.client|socket)$/, "network"],
  [/^(pg|mysql2?|mongodb|mongoose|redis|ioredis|sqlite3|better-sqlite3|knex|sequelize|typeorm|@prisma\/client|prisma|drizzle-orm|sqlite3|psycopg2?|pymysql|sqlalchemy|pymongo|redis-py|peewee|django\.db)$/, "database"],
  [/^(node:)?child_process$|^(execa|cross-spawn|subprocess)$/, "child process"],
  [/^(random|secrets)$/, "randomness"],
];
const GLOBALS: [RegExp, IntegrationCategory][] = [
  [/^(fetch|XMLHttpRequest|WebSocket)$/, "network"],
  [/^(setTimeout|setInterval|setImmediate|queueMicrotask|time\.sleep|asyncio\.sleep)$/, "timer"],
  [/^(Date\.now|performance\.now|new Date|time\.time|time\.monotonic|datetime\.(datetime\.)?(now|utcnow|today)|date\.today)$/, "clock"],
  [/^(Math\.random|crypto\.(randomUUID|randomBytes|getRandomValues)|uuid\.uuid4|random\.\w+|secrets\.\w+)$/, "randomness"],
  [/^(open|io\.open)$/, "file system"],
  [/^os\.(system|popen|exec\w*|spawn\w*)$/, "child process"],
  [/^os\.(remove|unlink|rename|makedirs|mkdir|listdir|walk|replace|rmdir|scandir|stat)$/, "file system"],
];
const BUILTIN = /^(node:)?(path|url|util|assert|events|stream|buffer|string_decoder|querystring|os|crypto|zlib|readline)$|^(json|re|typing|dataclasses|collections|itertools|functools|math|enum|abc|logging|argparse|sys|copy|string|textwrap|decimal|fractions|operator|contextlib|pathlib\.PurePath)$/;

/** Another package's code: not relative, not the language's own library. */
function isThirdParty(module: string, unit: Unit): boolean {
  if (module.startsWith(".") || BUILTIN.test(module)) return false;
  if (unit.language === "python") return !PYTHON_STDLIB.has(module.split(".")[0]!) && module.split(".")[0] !== unit.file.split("/")[0];
  return !/^(node:|bun:|deno:)/.test(module);
}

/** Pure: the unit's calls into the world outside its own code, deduplicated by target. */
export function integrationPointsOf(unit: Unit): IntegrationPoint[] {
  const seen = new Map<string, IntegrationPoint>();
  const add = (p: IntegrationPoint) => {
    const key = `${p.category}:${p.target}`;
    if (!seen.has(key)) seen.set(key, p);
  };
  for (const c of unit.facts.calls) {
    const module = c.module?.split("#")[0] ?? null;
    const byModule = module ? BY_MODULE.find(([re]) => re.test(module))?.[1] : undefined;
    const byGlobal = GLOBALS.find(([re]) => re.test(c.callee))?.[1];
    const category = byModule ?? byGlobal ?? (module && isThirdParty(module, unit) ? "package" : undefined);
    if (category) add({ category, target: c.callee, module, line: c.line });
  }
  for (const e of unit.facts.env) add({ category: "environment", target: e.name ? (unit.language === "python" ? `os.environ["${e.name}"]` : `process.env.${e.name}`) : "the environment", module: null, line: e.line });
  return [...seen.values()];
}

/** Calls into fs, network, databases, processes, the environment, timers, clocks, randomness and packages. */
export const integrationPoints: PlanningPerspective = {
  id: "integration-points",
  plan(context) {
    const insights: string[] = [];
    const items = [];
    for (const unit of context.units) {
      const points = integrationPointsOf(unit);
      if (points.length === 0) continue;
      const cases: CaseDraft[] = points.map((p) => ({
        title: `${unit.name} against its ${p.category}: ${p.target}`,
        level: p.category === "package" || p.category === "clock" || p.category === "randomness" || p.category === "environment" ? "unit" : "integration",
        kind: "integration",
        inputs: inputs(argsFor(unit)),
        expected: expect("observe", `the call to ${p.target} (line ${p.line}) gets the arguments the unit means, and its failure is handled or surfaced`),
        rationale: `${p.target}${p.module ? ` from ${p.module}` : ""} crosses into the ${p.category}: test it with the real thing at a small scale, or fake it at this seam.`,
        line: p.line,
      }));
      for (const p of points) insights.push(`${unit.id}: ${p.category} ${p.target}`);
      items.push({ unit, cases });
    }
    return { items, insights: { integration_points_found: insights }, summary: `${insights.length} integration point(s) in ${items.length} unit(s).` };
  },
};
