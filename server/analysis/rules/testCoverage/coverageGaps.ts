import { parseCoverageReport, type FileCoverage } from "../../facts/coverage";
import type { RuleReport, WorkspaceRule } from "../../rule";
import type { ParsedFile } from "../../../workspace";
import { isTestFile } from "./untestedExport";

let memo: { key: string; coverage: { report: string; files: FileCoverage[] }[] } | null = null;

/** Files below the line-coverage threshold, and functions the tests never run, from the coverage reports present. */
export const coverageGaps: WorkspaceRule = {
  id: "coverage-gap",
  perspective: "test-coverage",
  description: "Low line coverage and never-run functions, read from lcov, istanbul JSON or Cobertura reports.",
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(files, config, extras) {
    const key = extras.coverageReports.map((r) => `${r.path}:${r.mtimeMs}:${r.text.length}`).join("|");
    if (!memo || memo.key !== key) {
      memo = { key, coverage: extras.coverageReports.map((r) => ({ report: r.path, files: parseCoverageReport(r.path, r.text, extras.root) })) };
    }
    const byPath = new Map(files.map((f) => [f.file.path, f]));
    const out: { file: ParsedFile; report: RuleReport }[] = [];
    const min = config.thresholds.lineCoverage;
    for (const { report, files: covered } of memo.coverage) {
      for (const cov of covered) {
        const file = byPath.get(cov.file);
        if (!file || isTestFile(cov.file)) continue;
        const total = cov.lines.size;
        const hit = [...cov.lines.values()].filter((h) => h > 0).length;
        const pct = total === 0 ? 100 : Math.round((hit / total) * 1000) / 10;
        const neverRun = cov.functions.filter((f) => f.hits === 0 && f.name && !/^\(anonymous/.test(f.name));
        if (pct < min) {
          out.push({
            file,
            report: {
              anchor: `lines@${report}`,
              start: 0,
              end: 0,
              severity: pct < min / 2 ? "warning" : "info",
              message: `Line coverage is ${pct}% (${hit} of ${total} lines), below ${min}%${neverRun.length ? `; never run: ${neverRun.slice(0, 5).map((f) => f.name).join(", ")}${neverRun.length > 5 ? ` and ${neverRun.length - 5} more` : ""}` : ""}.`,
              suggestion: "Cover the main paths of this module first, starting with the functions the tests never run.",
              data: { lineCoverage: pct, lines: total, covered: hit, min, report, neverRun: neverRun.map((f) => f.name) },
            },
          });
        }
        for (const fn of neverRun) {
          const offset = lineOffset(file, fn.line);
          out.push({
            file,
            report: {
              anchor: `fn:${fn.name}@${report}`,
              start: offset,
              end: offset,
              severity: "info",
              message: `${fn.name} is never run by the tests (according to ${report}).`,
              suggestion: `Add a test that calls ${fn.name}, or delete it if nothing does.`,
              data: { function: fn.name, report },
            },
          });
        }
      }
    }
    return out;
  },
};

function lineOffset(file: ParsedFile, line: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = file.file.text.indexOf("\n", offset);
    if (next === -1) break;
    offset = next + 1;
  }
  return offset;
}
