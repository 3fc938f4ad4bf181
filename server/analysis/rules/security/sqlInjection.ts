import * as ts from "typescript";
import { calleeName, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

const QUERY_CALLS = new Set(["query", "execute", "raw", "prepare", "queryRaw", "executeRaw", "$queryRawUnsafe", "$executeRawUnsafe", "unsafe", "all", "run", "get"]);
const SQL = /\b(select\s[\s\S]*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|where\s|order\s+by|drop\s+table|create\s+table)\b/i;

/** SQL text assembled from data and passed to a query call: the data can rewrite the query. */
export const sqlInjection: FileRule = {
  id: "sql-injection",
  perspective: "security",
  description: "Query calls given SQL built by concatenation or template substitution.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, owner } of index.calls) {
      const name = calleeName(node);
      const sql = node.arguments[0];
      if (!name || !QUERY_CALLS.has(name) || !sql || !builtFromData(sql) || !SQL.test(sql.getText(index.source))) continue;
      out.push(atNode(node, index.source, `${name}@${owner ?? "module"}`, seen, {
        severity: "error",
        message: `${name} is given SQL assembled from data: a quote in that data ends the string and the rest runs as SQL.`,
        suggestion: "Pass values as parameters (placeholders such as ? or $1 with a values array), or use a query builder's tagged template.",
        data: { call: name },
      }));
    }
    return out;
  },
};

function builtFromData(node: ts.Expression): boolean {
  if (ts.isTemplateExpression(node)) return true;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const literal = (n: ts.Expression) => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);
    return !(literal(node.left) && literal(node.right));
  }
  return false;
}
