import type { ParsedFile } from "../../workspace";
import { moduleGraph } from "../../analysis/facts/moduleGraph";
import { isTestFile } from "../../analysis/rules/testCoverage/untestedExport";

export type TestLevel = "unit" | "integration" | "e2e";

export interface TestInventory {
  /** Each test file with its level and how many test cases it declares. */
  files: { path: string; level: TestLevel; cases: number }[];
  counts: Record<TestLevel, number>;
  /** Module → the test files that import it. */
  importers: Map<string, string[]>;
}

const E2E = /(^|\/)(e2e|end-to-end|playwright|cypress)(\/|\.)|\.e2e\.|\bplaywright\b|\bpuppeteer\b|\bcypress\b|\bselenium\b/;
const INTEGRATION = /(^|\/)integration(\/|\.)|\.int(egration)?\.|\bsupertest\b|\.listen\(|child_process|spawn\(|testcontainers|requests\.(get|post)\(|TestClient\(|subprocess\./;
const CASE = /(^|\s)(it|test)(\.only|\.each\([^)]*\))?\s*\(|^\s*(async\s+)?def test_/gm;

/** Pure: the repo's tests today — level by path and by what they start, and which modules each imports. */
export function testInventory(files: readonly ParsedFile[]): TestInventory {
  const inventory: TestInventory = { files: [], counts: { unit: 0, integration: 0, e2e: 0 }, importers: new Map() };
  for (const f of files) {
    if (!isTestFile(f.file.path) || (!f.ts && !f.py)) continue;
    const text = f.file.text;
    const level: TestLevel = E2E.test(f.file.path) || E2E.test(text) ? "e2e" : INTEGRATION.test(f.file.path) || INTEGRATION.test(text) ? "integration" : "unit";
    const cases = (text.match(CASE) ?? []).length;
    inventory.files.push({ path: f.file.path, level, cases });
    inventory.counts[level] += cases;
  }
  for (const e of moduleGraph(files).edges) {
    if (!isTestFile(e.from)) continue;
    const list = inventory.importers.get(e.to) ?? inventory.importers.set(e.to, []).get(e.to)!;
    if (!list.includes(e.from)) list.push(e.from);
  }
  return inventory;
}
