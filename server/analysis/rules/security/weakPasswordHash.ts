import * as ts from "typescript";
import { calleeName, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/** md5/sha1 over passwords: fast hashes are cracked by the billion per second. */
export const weakPasswordHash: FileRule = {
  id: "weak-password-hash",
  perspective: "security",
  description: "createHash('md5' | 'sha1') applied to passwords.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, owner } of index.calls) {
      // createHash("md5").update(password)…
      if (calleeName(node) !== "update" || !ts.isPropertyAccessExpression(node.expression)) continue;
      const inner = node.expression.expression;
      if (!ts.isCallExpression(inner) || calleeName(inner) !== "createHash") continue;
      const algorithm = inner.arguments[0];
      if (!algorithm || !ts.isStringLiteralLike(algorithm) || !/^(md5|sha1|sha-1)$/i.test(algorithm.text)) continue;
      const about = `${owner ?? ""} ${node.arguments.map((a) => a.getText(index.source)).join(" ")}`;
      if (!/pass(word|wd|phrase)?|pwd/i.test(about)) continue;
      out.push(atNode(node, index.source, `${algorithm.text}@${owner ?? "module"}`, seen, {
        severity: "error",
        message: `A password is hashed with ${algorithm.text}, a fast hash: leaked hashes are cracked by brute force in hours.`,
        suggestion: "Use a slow, salted password hash: crypto.scrypt, argon2 or bcrypt.",
        data: { algorithm: algorithm.text.toLowerCase() },
      }));
    }
    return out;
  },
};
