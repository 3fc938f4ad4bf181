import { promises as fs } from "node:fs";
import * as path from "node:path";
import { Baseline, describeIssues, type Finding } from "../protocol";
import { UsageError } from "./usageError";

export const DEFAULT_BASELINE = ".autocoder/baseline.json";

/** Pure: the findings a baseline does not list, and how many it lists that are gone (fixed). */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { fresh: Finding[]; hidden: number; fixed: number } {
  const accepted = new Set(baseline.findings.map((f) => f.id));
  const current = new Set(findings.map((f) => f.id));
  const fresh = findings.filter((f) => !accepted.has(f.id));
  return { fresh, hidden: findings.length - fresh.length, fixed: [...accepted].filter((id) => !current.has(id)).length };
}

/** Pure: a baseline accepting these findings. */
export function baselineOf(findings: readonly Finding[], now: Date): Baseline {
  const byId = new Map(findings.map((f) => [f.id, { id: f.id, rule: f.rule, file: f.file }]));
  return { version: 1, created: now.toISOString(), findings: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`baseline ${file} cannot be read: ${(err as Error).message}; create it with --write-baseline`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`baseline ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = Baseline.safeParse(data);
  if (!parsed.success) throw new UsageError(`baseline ${file} is not a baseline: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Written to a sibling file and renamed, so a crash never leaves half a baseline. */
export async function writeBaseline(file: string, baseline: Baseline): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, JSON.stringify(baseline, null, 2) + "\n");
  await fs.rename(tmp, file);
}
