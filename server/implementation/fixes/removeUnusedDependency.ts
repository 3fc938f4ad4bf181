import { offsetOf, type FixMaker } from "./mechanicalFix";

/**
 * Removes a dependency no code uses from package.json, keeping the file's formatting: its line
 * goes, and a comma left dangling before a closing brace goes with it. Only for one-line entries.
 */
export const removeUnusedDependency: FixMaker = ({ finding, file }) => {
  if (finding?.rule !== "unused-dependency" || !file.file.path.endsWith("package.json")) return null;
  const name = (finding.data as { package?: string } | undefined)?.package;
  if (!name) return null;
  const text = file.file.text;
  const at = offsetOf(text, finding.range.start.line, 1);
  const end = text.indexOf("\n", at);
  const line = text.slice(at, end === -1 ? text.length : end);
  if (!new RegExp(`^\\s*${JSON.stringify(name).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s*:\\s*"[^"]*"\\s*,?\\s*$`).test(line)) return null;
  let after = text.slice(0, at) + text.slice(end === -1 ? text.length : end + 1);
  if (!line.trimEnd().endsWith(",")) {
    // It was the last entry: the one before it must lose its comma.
    const before = after.slice(0, at);
    const comma = before.search(/,\s*$/);
    if (comma !== -1) after = before.slice(0, comma) + before.slice(comma + 1) + after.slice(at);
  }
  try {
    const parsed = JSON.parse(after) as Record<string, Record<string, string> | undefined>;
    const section = (finding.data as { section?: string }).section ?? "dependencies";
    if (parsed[section]?.[name] !== undefined) return null;
  } catch {
    return null;
  }
  return { id: "remove-unused-dependency", description: `Remove ${name} from package.json: nothing imports it or names it in a script.`, file: file.file.path, before: text, after };
};
