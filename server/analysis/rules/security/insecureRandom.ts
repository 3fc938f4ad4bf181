import * as ts from "typescript";
import { calleeName, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

const SECRET_NAME = /token|secret|password|passwd|nonce|salt|session|otp|api_?key|csrf|\bkey$|reset|invite|verification/i;

/** Math.random is predictable: tokens made from it can be guessed. */
export const insecureRandom: FileRule = {
  id: "insecure-random",
  perspective: "security",
  description: "Math.random used to make tokens, passwords, keys or ids that must not be guessed.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, owner } of index.calls) {
      if (calleeName(node) !== "random" || !ts.isPropertyAccessExpression(node.expression) || node.expression.expression.getText(index.source) !== "Math") continue;
      if (!owner || !SECRET_NAME.test(owner)) continue;
      out.push(atNode(node, index.source, `random@${owner}`, seen, {
        severity: "error",
        message: `${owner} is made with Math.random, which is not cryptographically random: its values can be predicted.`,
        suggestion: "Use crypto.randomBytes / crypto.randomUUID (Node) or crypto.getRandomValues (browser).",
        data: { owner },
      }));
    }
    return out;
  },
};
