import { createHash } from "node:crypto";
import { runPlanningPerspective, type ApiBaseline, type PlanningResult } from "../../server/planning";
import { TEST_PLANNING_PERSPECTIVES, emptyInsights, type CumulativeInsights, type Finding, type TestCase } from "../../server/protocol";
import { parseFile, type ParsedFile } from "../../server/workspace";

export function parsedFiles(files: Record<string, string>): ParsedFile[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, text]) => parseFile({ path, size: Buffer.byteLength(text), mtimeMs: 0, hash: createHash("sha256").update(path + text).digest("hex"), text }));
}

/** Runs one planning perspective over in-memory files, as the rotation would. */
export function planWith(
  perspective: string,
  files: Record<string, string> | ParsedFile[],
  options: { findings?: Finding[]; baseline?: ApiBaseline | null; previous?: CumulativeInsights } = {},
): PlanningResult {
  const step = TEST_PLANNING_PERSPECTIVES.find((p) => p.id === perspective);
  if (!step) throw new Error(`no perspective ${perspective}`);
  const parsed = Array.isArray(files) ? files : parsedFiles(files);
  return runPlanningPerspective(step, { parsed, findings: options.findings ?? [], previousInsights: options.previous ?? emptyInsights(), baseline: options.baseline ?? null });
}

/** The cases of one unit's plan, by unit name. */
export function casesOf(result: PlanningResult, unit: string): TestCase[] {
  return result.plans.find((p) => p.unit.name === unit)?.cases ?? [];
}

export function finding(partial: Partial<Finding> & Pick<Finding, "rule" | "perspective" | "file">, line: number): Finding {
  return {
    id: `${partial.rule}:${partial.file}:${line}`,
    severity: "warning",
    range: { start: { line, column: 1 }, end: { line, column: 2 } },
    message: `${partial.rule} here`,
    ...partial,
  };
}
