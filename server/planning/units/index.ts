import type { ParsedFile } from "../../workspace";
import { isDevelopmentFile } from "../../analysis/facts/manifests";
import { isTestFile } from "../../analysis/rules/testCoverage/untestedExport";
import { pythonUnits } from "./pythonUnits";
import { scriptEntryUnit, scriptUnits } from "./scriptUnits";
import type { Unit } from "./unit";

export * from "./unit";

const cache = new WeakMap<ParsedFile, Unit[]>();

/** The units of one file version (none for tests, scripts, fixtures and declaration files); cached per version. */
export function unitsOf(file: ParsedFile): Unit[] {
  let units = cache.get(file);
  if (units) return units;
  const p = file.file.path;
  const shipped = !isTestFile(p) && !isDevelopmentFile(p) && !/\.d\.[cm]?ts$/.test(p) && !/(^|\/)(setup|conftest|manage)\.py$/.test(p);
  if (!shipped) units = [];
  else if (file.ts) units = scriptUnits(file.ts, p, file.language === "typescript" ? "typescript" : "javascript");
  else if (file.py) units = pythonUnits(file.py, p, file.position);
  else units = [];
  cache.set(file, units);
  return units;
}

const entries = new WeakMap<ParsedFile, Unit>();

/** The unit of a TS/JS file that runs as a program (a package.json `bin`), cached per version. */
export function scriptEntryOf(file: ParsedFile): Unit | null {
  if (!file.ts) return null;
  let unit = entries.get(file);
  if (!unit) entries.set(file, (unit = scriptEntryUnit(file.ts, file.file.path, file.language === "typescript" ? "typescript" : "javascript")));
  return unit;
}
