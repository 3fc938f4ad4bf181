import * as ts from "typescript";
import type { ParsedFile } from "../../workspace";

const SK = ts.SyntaxKind;

/** A node and the name of what encloses it (the variable, property or function it is part of). */
export interface Located<T extends ts.Node> {
  node: T;
  owner: string | null;
}

/** The nodes security and performance rules look at, collected in one walk per file version. */
export interface SyntaxIndex {
  source: ts.SourceFile;
  calls: Located<ts.CallExpression>[];
  news: Located<ts.NewExpression>[];
  assignments: Located<ts.BinaryExpression>[];
  properties: Located<ts.PropertyAssignment>[];
}

const cache = new WeakMap<ParsedFile, SyntaxIndex | null>();

export function syntaxIndex(file: ParsedFile): SyntaxIndex | null {
  if (!cache.has(file)) cache.set(file, file.ts ? buildIndex(file.ts) : null);
  return cache.get(file)!;
}

function buildIndex(source: ts.SourceFile): SyntaxIndex {
  const index: SyntaxIndex = { source, calls: [], news: [], assignments: [], properties: [] };
  const visit = (node: ts.Node, owner: string | null): void => {
    let inner = owner;
    switch (node.kind) {
      case SK.CallExpression:
        index.calls.push({ node: node as ts.CallExpression, owner });
        break;
      case SK.NewExpression:
        index.news.push({ node: node as ts.NewExpression, owner });
        break;
      case SK.BinaryExpression: {
        const b = node as ts.BinaryExpression;
        if (b.operatorToken.kind === SK.EqualsToken) {
          index.assignments.push({ node: b, owner });
          inner = nameOf(b.left, source) ?? owner;
        }
        break;
      }
      case SK.PropertyAssignment:
        index.properties.push({ node: node as ts.PropertyAssignment, owner });
        inner = nameOf((node as ts.PropertyAssignment).name, source) ?? owner;
        break;
      case SK.VariableDeclaration:
      case SK.FunctionDeclaration:
      case SK.MethodDeclaration:
      case SK.PropertyDeclaration:
        inner = nameOf((node as ts.VariableDeclaration).name, source) ?? owner;
        break;
    }
    node.forEachChild((child) => visit(child, inner));
  };
  visit(source, null);
  return index;
}

function nameOf(node: ts.Node | undefined, source: ts.SourceFile): string | null {
  if (!node) return null;
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node) || ts.isStringLiteral(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return node.getText(source).slice(0, 60);
}

/** `a.b.c(...)` → "c"; `f(...)` → "f". */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | null {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

/** `a.b.c(...)` → "a.b"; `f(...)` → null. */
export function calleeObject(call: ts.CallExpression | ts.NewExpression, source: ts.SourceFile): string | null {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) ? e.expression.getText(source) : null;
}

/** True for a string or a template without substitutions: text fixed when the code was written. */
export function isLiteralText(node: ts.Node | undefined): boolean {
  return !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}
