import * as ts from "typescript";
import type { ParsedFile } from "../../workspace";

const SK = ts.SyntaxKind;

export type ExportKind = "function" | "class" | "const-function";

/** An exported function or class of a module: what a test would call. */
export interface ExportedUnit {
  name: string;
  kind: ExportKind;
  /** Offsets of the declaration's name (or the declaration, for a default export). */
  start: number;
  end: number;
}

const cache = new WeakMap<ParsedFile, ExportedUnit[]>();

export function exportsOf(file: ParsedFile): ExportedUnit[] {
  let units = cache.get(file);
  if (!units) cache.set(file, (units = file.ts ? collectExports(file.ts) : []));
  return units;
}

/** Pure: the exported functions, function-valued consts and classes at a module's top level. */
export function collectExports(source: ts.SourceFile): ExportedUnit[] {
  const units: ExportedUnit[] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === SK.ExportKeyword);
  const isDefault = (node: ts.Node) => ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === SK.DefaultKeyword);
  for (const statement of source.statements) {
    if (!exported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      const name = statement.name?.text ?? (isDefault(statement) ? "default" : null);
      if (name) units.push({ name, kind: "function", start: (statement.name ?? statement).getStart(source), end: (statement.name ?? statement).end });
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? "default";
      units.push({ name, kind: "class", start: (statement.name ?? statement).getStart(source), end: (statement.name ?? statement).end });
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const init = decl.initializer;
        if (ts.isIdentifier(decl.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          units.push({ name: decl.name.text, kind: "const-function", start: decl.name.getStart(source), end: decl.name.end });
        }
      }
    }
  }
  return units;
}
