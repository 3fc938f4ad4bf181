import * as ts from "typescript";
import type { ParsedFile } from "../../workspace";

const SK = ts.SyntaxKind;

export type ImportKind = "import" | "export-from" | "require" | "dynamic" | "import-type";

/** One module specifier a file names, where, and whether it survives compilation. */
export interface ImportFact {
  specifier: string;
  kind: ImportKind;
  /** True when only types cross: `import type`, type-only specifiers, or names used only as types (TypeScript elides those). */
  typeOnly: boolean;
  /** Offsets of the specifier string, for locating findings. */
  start: number;
  end: number;
  /** Python `from pkg import name`: name may be a submodule (`pkg.name`), tried before `pkg`. */
  alternatives?: string[];
}

const cache = new WeakMap<ParsedFile, ImportFact[]>();

export function importsOf(file: ParsedFile): ImportFact[] {
  let facts = cache.get(file);
  if (!facts) cache.set(file, (facts = file.ts ? collectImports(file.ts) : []));
  return facts;
}

/** Pure: the module specifiers of a TS/JS file, each with its kind and whether it is type-only. */
export function collectImports(source: ts.SourceFile): ImportFact[] {
  const facts: ImportFact[] = [];
  // Local names bound by value imports, to decide later whether any is used as a value.
  const bindings: { fact: ImportFact; names: string[] }[] = [];
  const valueUses = new Set<string>();
  const isTs = /\.(c|m)?tsx?$/.test(source.fileName);

  const add = (literal: ts.StringLiteralLike, kind: ImportKind, typeOnly: boolean): ImportFact => {
    const fact = { specifier: literal.text, kind, typeOnly, start: literal.getStart(source), end: literal.end };
    facts.push(fact);
    return fact;
  };

  const visit = (node: ts.Node, inType: boolean): void => {
    switch (node.kind) {
      case SK.ImportDeclaration: {
        const decl = node as ts.ImportDeclaration;
        if (!ts.isStringLiteralLike(decl.moduleSpecifier)) return;
        const clause = decl.importClause;
        const typeOnly = !!clause && (clause.isTypeOnly || onlyTypeSpecifiers(clause));
        const fact = add(decl.moduleSpecifier, "import", typeOnly);
        // `import "./side-effect"` always runs; names imported from a TS file may be types only.
        if (clause && !typeOnly && isTs) bindings.push({ fact, names: valueNames(clause) });
        return;
      }
      case SK.ExportDeclaration: {
        const decl = node as ts.ExportDeclaration;
        const typeOnly =
          decl.isTypeOnly ||
          (!!decl.exportClause && ts.isNamedExports(decl.exportClause) && decl.exportClause.elements.length > 0 &&
            decl.exportClause.elements.every((e) => e.isTypeOnly));
        if (decl.moduleSpecifier && ts.isStringLiteralLike(decl.moduleSpecifier)) {
          add(decl.moduleSpecifier, "export-from", typeOnly);
          return;
        }
        if (typeOnly) return; // `export type { X }` uses X as a type
        break;
      }
      case SK.ImportEqualsDeclaration: {
        const decl = node as ts.ImportEqualsDeclaration;
        if (ts.isExternalModuleReference(decl.moduleReference) && ts.isStringLiteralLike(decl.moduleReference.expression)) {
          add(decl.moduleReference.expression, "require", decl.isTypeOnly);
        }
        return;
      }
      case SK.ImportType: {
        const arg = (node as ts.ImportTypeNode).argument;
        if (ts.isLiteralTypeNode(arg) && ts.isStringLiteralLike(arg.literal)) add(arg.literal, "import-type", true);
        return;
      }
      case SK.CallExpression: {
        const call = node as ts.CallExpression;
        const [first] = call.arguments;
        if (first && ts.isStringLiteralLike(first) && call.arguments.length === 1) {
          if (call.expression.kind === SK.ImportKeyword) add(first, "dynamic", false);
          else if (ts.isIdentifier(call.expression) && call.expression.text === "require") add(first, "require", false);
        }
        break;
      }
      case SK.Identifier:
        if (!inType) valueUses.add((node as ts.Identifier).text);
        return;
      case SK.ShorthandPropertyAssignment:
        valueUses.add((node as ts.ShorthandPropertyAssignment).name.text);
        break;
      case SK.ExportSpecifier:
        if ((node as ts.ExportSpecifier).isTypeOnly) return;
        break;
      case SK.PropertyAccessExpression:
        // In `a.B`, `B` is a property name, not a use of an imported `B`.
        visit((node as ts.PropertyAccessExpression).expression, inType);
        return;
    }
    const childInType = inType || isTypePosition(node);
    node.forEachChild((child) => visit(child, childInType));
  };

  visit(source, false);
  for (const { fact, names } of bindings) if (names.length > 0 && !names.some((n) => valueUses.has(n))) fact.typeOnly = true;
  return facts;
}

function onlyTypeSpecifiers(clause: ts.ImportClause): boolean {
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

function valueNames(clause: ts.ImportClause): string[] {
  const names: string[] = [];
  if (clause.name) names.push(clause.name.text);
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) names.push(named.name.text);
  if (named && ts.isNamedImports(named)) for (const e of named.elements) if (!e.isTypeOnly) names.push(e.name.text);
  return names;
}

/**
 * Nodes under which an identifier names a type: type annotations and references, interfaces,
 * type aliases, and `implements` clauses. `extends` of a class is a value; `typeof X` in a type
 * is erased too, so it counts as a type use.
 */
function isTypePosition(node: ts.Node): boolean {
  if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return true;
  switch (node.kind) {
    case SK.InterfaceDeclaration:
    case SK.TypeAliasDeclaration:
      return true;
    case SK.HeritageClause:
      // An interface's `extends` is already inside the interface, a type position.
      return (node as ts.HeritageClause).token === SK.ImplementsKeyword;
  }
  return false;
}
