import * as ts from "typescript";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/**
 * `return promise` inside a try block of an async function: the function returns before the
 * promise settles, so its rejection skips the catch and the finally runs too early. Without type
 * information a promise is what the file itself shows is one: a call to an async function or
 * method declared in the file, `fetch`, `Promise.*`, `new Promise` or `.then/.catch/.finally`.
 */
export const returnWithoutAwait: FileRule = {
  id: "return-without-await",
  perspective: "code-quality",
  description: "A promise returned without await inside try/catch or try/finally of an async function.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const source = file.ts;
    if (!source) return [];
    const asyncNames = asyncFunctionNames(source);
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    const names = new Map<ts.Node, string>();
    // Parsed trees carry no parent pointers: the walk passes down the function and the try guard it is in.
    const visit = (node: ts.Node, fn: ts.Node | null, guard: "catch" | "finally" | null): void => {
      if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer && isFunctionLike(node.initializer)) names.set(node.initializer, node.name.getText(source));
      if (isFunctionLike(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node)) {
        node.forEachChild((c) => visit(c, node, null));
        return;
      }
      if (ts.isTryStatement(node)) {
        visit(node.tryBlock, fn, node.catchClause ? "catch" : node.finallyBlock ? "finally" : guard);
        if (node.catchClause) visit(node.catchClause, fn, guard);
        if (node.finallyBlock) visit(node.finallyBlock, fn, guard);
        return;
      }
      if (ts.isReturnStatement(node) && node.expression && fn && guard && isAsync(fn) && isPromise(node.expression, asyncNames)) {
        const name = functionName(fn, source, names);
        out.push(
          atNode(node.expression, source, `return@${name}`, seen, {
            severity: "warning",
            message: `${name} returns a promise from inside try/${guard} without awaiting it: a rejection ${guard === "catch" ? "skips the catch" : "escapes after the finally has already run"}.`,
            suggestion: "return await the promise, so the try block covers its outcome.",
            data: { function: name, guard },
          }),
        );
      }
      node.forEachChild((c) => visit(c, fn, guard));
    };
    visit(source, null, null);
    return out;
  },
};

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

function isFunctionLike(node: ts.Node): node is FunctionLike {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

function isAsync(fn: ts.Node): boolean {
  return ts.canHaveModifiers(fn) && !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function asyncFunctionNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && isAsync(node) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name))) names.add(node.name.text);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer)) && isAsync(node.initializer)) names.add(node.name.text);
    node.forEachChild(visit);
  };
  visit(source);
  return names;
}

function isPromise(e: ts.Expression, asyncNames: ReadonlySet<string>): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) && e.expression.text === "Promise";
  if (!ts.isCallExpression(e)) return false;
  const callee = e.expression;
  if (ts.isIdentifier(callee)) return callee.text === "fetch" || asyncNames.has(callee.text);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (ts.isIdentifier(callee.expression) && callee.expression.text === "Promise") return true;
    if (method === "then" || method === "catch" || method === "finally") return true;
    return callee.expression.kind === ts.SyntaxKind.ThisKeyword && asyncNames.has(method);
  }
  return false;
}

function functionName(fn: ts.Node, source: ts.SourceFile, names: ReadonlyMap<ts.Node, string>): string {
  const own = (fn as { name?: ts.Node }).name;
  return own ? own.getText(source) : (names.get(fn) ?? "an async function");
}
