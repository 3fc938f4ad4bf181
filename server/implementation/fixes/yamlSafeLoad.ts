import { pythonCalls } from "../../analysis/facts/pythonCalls";
import { offsetOf, type FixMaker } from "./mechanicalFix";

/**
 * `yaml.load(stream)` → `yaml.safe_load(stream)`, and `load_all` → `safe_load_all`: only when
 * the call passes the stream alone, since safe_load takes no Loader and an explicit loader is
 * the user's decision.
 */
export const yamlSafeLoad: FixMaker = ({ finding, file }) => {
  if (finding?.rule !== "unsafe-deserialization") return null;
  const text = file.file.text;
  const at = offsetOf(text, finding.range.start.line, finding.range.start.column);
  const call = pythonCalls(file).find((c) => c.start === at && /^yaml\.(load|load_all)$/.test(c.callee));
  if (!call || call.args.length !== 1 || call.keywords.size !== 0) return null;
  const safe = call.callee === "yaml.load" ? "yaml.safe_load" : "yaml.safe_load_all";
  return {
    id: "yaml-safe-load",
    description: `${call.callee} → ${safe}: the same documents load, but tags that build arbitrary Python objects are refused.`,
    file: file.file.path,
    before: text,
    after: text.slice(0, at) + safe + text.slice(at + call.callee.length),
  };
};
