import * as ts from "typescript";
import { calleeName, isLiteralText, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/** eval, new Function and string timers run text as code: injection turns into execution. */
export const dynamicCode: FileRule = {
  id: "dynamic-code",
  perspective: "security",
  description: "eval, new Function, and setTimeout/setInterval with a string.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, owner } of index.calls) {
      const name = calleeName(node);
      const direct = ts.isIdentifier(node.expression) || (ts.isPropertyAccessExpression(node.expression) && /^(window|globalThis|global|self)$/.test(node.expression.expression.getText(index.source)));
      if (name === "eval" && direct) {
        const literal = isLiteralText(node.arguments[0]);
        out.push(atNode(node, index.source, `eval@${owner ?? "module"}`, seen, {
          severity: literal ? "warning" : "error",
          message: literal ? "eval runs a string as code." : "eval runs a computed string as code: whoever controls that string controls the program.",
          suggestion: "Parse data with JSON.parse, look up behaviour in a map of functions, or use a real parser; never evaluate input.",
          data: { sink: "eval", literal },
        }));
      }
      if ((name === "setTimeout" || name === "setInterval") && direct && node.arguments[0] && (ts.isStringLiteralLike(node.arguments[0]) || ts.isTemplateExpression(node.arguments[0]))) {
        out.push(atNode(node, index.source, `${name}@${owner ?? "module"}`, seen, {
          severity: "warning",
          message: `${name} with a string evaluates it as code, as eval does.`,
          suggestion: "Pass a function instead of a string.",
          data: { sink: name },
        }));
      }
    }
    for (const { node, owner } of index.news) {
      if (ts.isIdentifier(node.expression) && node.expression.text === "Function") {
        out.push(atNode(node, index.source, `Function@${owner ?? "module"}`, seen, {
          severity: "error",
          message: "new Function compiles a string into code, as eval does.",
          suggestion: "Write the function in source, or select among fixed functions by name.",
          data: { sink: "Function" },
        }));
      }
    }
    return out;
  },
};
