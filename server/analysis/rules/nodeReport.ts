import type * as ts from "typescript";
import type { RuleReport } from "../rule";

/** A report located on a syntax node, with the node's text (shortened) as evidence. */
export function atNode(
  node: ts.Node,
  source: ts.SourceFile,
  anchorBase: string,
  seen: Map<string, number>,
  fields: Omit<RuleReport, "anchor" | "start" | "end" | "evidence">,
): RuleReport {
  const n = (seen.get(anchorBase) ?? 0) + 1;
  seen.set(anchorBase, n);
  const text = node.getText(source).replace(/\s+/g, " ");
  return {
    anchor: n === 1 ? anchorBase : `${anchorBase}#${n}`,
    start: node.getStart(source),
    end: node.end,
    evidence: text.length > 160 ? `${text.slice(0, 159)}…` : text,
    ...fields,
  };
}
