import { promises as fs } from "node:fs";
import * as path from "node:path";

/** Where test runners leave coverage: istanbul/nyc/c8/jest/vitest, coverage.py, Cobertura exporters. */
export const COVERAGE_REPORT_PATHS = [
  "coverage/lcov.info",
  "coverage/coverage-final.json",
  "coverage/cobertura-coverage.xml",
  "coverage.xml",
  "coverage/coverage.xml",
];

const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export interface CoverageReportText {
  path: string;
  text: string;
  mtimeMs: number;
}

/** Reads whichever coverage reports exist (they sit in ignored folders, so the scan never sees them). */
export async function readCoverageReports(root: string): Promise<{ reports: CoverageReportText[]; problems: string[] }> {
  const reports: CoverageReportText[] = [];
  const problems: string[] = [];
  for (const rel of COVERAGE_REPORT_PATHS) {
    const file = path.join(root, rel);
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) continue;
      if (stat.size > MAX_REPORT_BYTES) {
        problems.push(`${rel} is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB and was not read`);
        continue;
      }
      reports.push({ path: rel, text: await fs.readFile(file, "utf8"), mtimeMs: stat.mtimeMs });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") problems.push(`${rel} cannot be read: ${(err as Error).message}`);
    }
  }
  return { reports, problems };
}
