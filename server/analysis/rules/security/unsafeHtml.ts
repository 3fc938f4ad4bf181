import * as ts from "typescript";
import { calleeName, isLiteralText, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/** Markup built from data: a `<script>` or an `onerror=` in the data runs in the page. */
export const unsafeHtml: FileRule = {
  id: "unsafe-html",
  perspective: "security",
  description: "innerHTML/outerHTML, insertAdjacentHTML and document.write with data that is not a literal.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    const report = (node: ts.Node, sink: string, owner: string | null) =>
      out.push(atNode(node, index.source, `${sink}@${owner ?? "module"}`, seen, {
        severity: "error",
        message: `${sink} is given markup built from data: anything in it that looks like HTML becomes elements and scripts.`,
        suggestion: "Set textContent, or build elements with createElement; if markup is needed, sanitize it (e.g. DOMPurify) right before use.",
        data: { sink },
      }));
    for (const { node, owner } of index.assignments) {
      const target = node.left;
      if (ts.isPropertyAccessExpression(target) && /^(innerHTML|outerHTML)$/.test(target.name.text) && !isLiteralText(node.right)) {
        report(node, target.name.text, owner);
      }
    }
    for (const { node, owner } of index.calls) {
      const name = calleeName(node);
      if (name === "insertAdjacentHTML" && node.arguments[1] && !isLiteralText(node.arguments[1])) report(node, name, owner);
      const object = ts.isPropertyAccessExpression(node.expression) ? node.expression.expression.getText(index.source) : "";
      if ((name === "write" || name === "writeln") && /(^|\.)document$/.test(object) && node.arguments.some((a) => !isLiteralText(a))) {
        report(node, `document.${name}`, owner);
      }
    }
    for (const { node, owner } of index.properties) {
      if (ts.isIdentifier(node.name) && node.name.text === "__html" && !isLiteralText(node.initializer)) report(node, "dangerouslySetInnerHTML", owner);
    }
    return out;
  },
};
