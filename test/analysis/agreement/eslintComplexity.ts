import { promises as fs } from "node:fs";
import * as path from "node:path";
import { Linter } from "eslint";
import { functionFacts } from "../../../server/analysis/facts/functionFacts";
import { parseFile } from "../../../server/workspace";

export interface Disagreement {
  file: string;
  onlyEslint: string[];
  onlyOurs: string[];
}

/** Every `.js` file below `dir`, relative to it. */
export async function jsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(c|m)?js$/.test(entry.name)) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/** Each function as `line:column complexity`, from ESLint's complexity rule at max 0 (so it reports all). */
export function eslintComplexities(linter: Linter, text: string, file: string): string[] | null {
  const sourceType = /\.mjs$/.test(file) || /^\s*(import|export)\s/m.test(text) ? "module" : "commonjs";
  const messages = linter.verify(text, [
    { files: ["**/*"], rules: { complexity: ["error", 0] }, languageOptions: { ecmaVersion: "latest", sourceType } },
  ], sourceType === "module" ? "file.mjs" : "file.cjs");
  if (messages.some((m) => m.fatal)) return null;
  return messages
    .filter((m) => m.ruleId === "complexity")
    .map((m) => `${m.line}:${m.column} ${/complexity of (\d+)/.exec(m.message)![1]}`)
    .sort();
}

export function ourComplexities(text: string, file: string): string[] {
  const parsed = parseFile({ path: file.replace(/\.(c|m)?js$/, ".js"), size: text.length, mtimeMs: 0, hash: "", text });
  return functionFacts(parsed.ts!)
    .map((f) => {
      const p = parsed.position(f.headStart);
      return `${p.line}:${p.column} ${f.complexity}`;
    })
    .sort();
}

export async function compareOn(files: string[]): Promise<{ functions: number; disagreements: Disagreement[]; skipped: number }> {
  const linter = new Linter({ configType: "flat" });
  const disagreements: Disagreement[] = [];
  let functions = 0;
  let skipped = 0;
  for (const file of files) {
    const text = await fs.readFile(file, "utf8");
    const theirs = eslintComplexities(linter, text, file);
    if (theirs === null) {
      skipped++;
      continue;
    }
    const ours = ourComplexities(text, file);
    functions += theirs.length;
    const onlyEslint = theirs.filter((x) => !ours.includes(x));
    const onlyOurs = ours.filter((x) => !theirs.includes(x));
    if (onlyEslint.length || onlyOurs.length) disagreements.push({ file, onlyEslint, onlyOurs });
  }
  return { functions, disagreements, skipped };
}
