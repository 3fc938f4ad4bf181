import * as ts from "typescript";
import { offsetOf, type FixMaker } from "./mechanicalFix";

/** `return promise` → `return await promise` inside the try block the finding names, so the try covers the outcome. */
export const returnAwait: FixMaker = ({ finding, file }) => {
  if (finding?.rule !== "return-without-await" || !file.ts) return null;
  const text = file.file.text;
  const at = offsetOf(text, finding.range.start.line, finding.range.start.column);
  let target: ts.Expression | null = null;
  const visit = (node: ts.Node): void => {
    if (target) return;
    if (ts.isReturnStatement(node) && node.expression && node.expression.getStart(file.ts!) === at) target = node.expression;
    else node.forEachChild(visit);
  };
  visit(file.ts);
  if (!target) return null;
  const expression = target as ts.Expression;
  // An arrow or comma expression would bind differently after `await`: leave those to a person.
  const tight = ts.isCallExpression(expression) || ts.isNewExpression(expression) || ts.isParenthesizedExpression(expression) || ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression);
  if (!tight) return null;
  const name = (finding.data as { function?: string } | undefined)?.function ?? "the function";
  return {
    id: "return-await",
    description: `return await in ${name}: the try block now covers the promise, so its catch sees a rejection and its finally runs after it settles.`,
    file: file.file.path,
    before: text,
    after: `${text.slice(0, at)}await ${text.slice(at)}`,
  };
};
