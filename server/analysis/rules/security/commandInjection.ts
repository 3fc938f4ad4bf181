import * as ts from "typescript";
import { importsOf } from "../../facts/imports";
import { isLiteralText, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

const SHELL_ALWAYS = new Set(["exec", "execSync"]);
const SPAWNING = new Set(["exec", "execSync", "spawn", "spawnSync", "execFile", "execFileSync", "fork"]);

/** child_process with a command built from data, or with a shell: a string becomes a program. */
export const commandInjection: FileRule = {
  id: "command-injection",
  perspective: "security",
  description: "child_process calls whose command is not a literal, or that run through a shell.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index || !importsOf(file).some((i) => CHILD_PROCESS.test(i.specifier))) return [];
    const bindings = childProcessBindings(index.source);
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, owner } of index.calls) {
      const name = spawnedBy(node, bindings);
      if (!name) continue;
      const command = node.arguments[0];
      const shellOption = node.arguments.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some(isShellTrue));
      const arrayArgs = node.arguments[1] && ts.isArrayLiteralExpression(node.arguments[1]);
      if (SHELL_ALWAYS.has(name) && command && !isLiteralText(command)) {
        out.push(atNode(node, index.source, `${name}@${owner ?? "module"}`, seen, {
          severity: "error",
          message: `${name} runs its command through a shell, and this command is built from data: shell metacharacters in it run as commands.`,
          suggestion: "Use execFile/spawn with the program and an array of arguments (no shell), and validate what comes from outside.",
          data: { call: name, shell: true },
        }));
      } else if (shellOption) {
        out.push(atNode(node, index.source, `${name}-shell@${owner ?? "module"}`, seen, {
          severity: isLiteralText(command) && (!node.arguments[1] || (arrayArgs && (node.arguments[1] as ts.ArrayLiteralExpression).elements.every(isLiteralText))) ? "warning" : "error",
          message: `${name} with shell: true hands the command line to a shell${isLiteralText(command) ? "" : ", and the command is built from data"}.`,
          suggestion: "Drop shell: true and pass the program and its arguments separately.",
          data: { call: name, shell: true },
        }));
      }
    }
    return out;
  },
};

const CHILD_PROCESS = /^(node:)?child_process$/;

/** How this file can name child_process functions: local name → function, and namespace names. */
interface Bindings {
  functions: Map<string, string>;
  namespaces: Set<string>;
}

function childProcessBindings(source: ts.SourceFile): Bindings {
  const bindings: Bindings = { functions: new Map(), namespaces: new Set() };
  const fromRequire = (e: ts.Expression | undefined) =>
    !!e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require" && !!e.arguments[0] &&
    ts.isStringLiteralLike(e.arguments[0]) && CHILD_PROCESS.test(e.arguments[0].text);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier) && CHILD_PROCESS.test(node.moduleSpecifier.text)) {
      const clause = node.importClause;
      if (clause?.name) bindings.namespaces.add(clause.name.text);
      const named = clause?.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.namespaces.add(named.name.text);
      if (named && ts.isNamedImports(named)) for (const e of named.elements) bindings.functions.set(e.name.text, (e.propertyName ?? e.name).text);
    } else if (ts.isVariableDeclaration(node) && fromRequire(node.initializer)) {
      if (ts.isIdentifier(node.name)) bindings.namespaces.add(node.name.text);
      else if (ts.isObjectBindingPattern(node.name)) {
        for (const e of node.name.elements) {
          if (!ts.isIdentifier(e.name)) continue;
          const imported = e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : e.name.text;
          bindings.functions.set(e.name.text, imported);
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(source);
  return bindings;
}

/** The child_process function a call invokes, if it invokes one. */
function spawnedBy(call: ts.CallExpression, bindings: Bindings): string | null {
  const e = call.expression;
  if (ts.isIdentifier(e)) {
    const name = bindings.functions.get(e.text);
    return name && SPAWNING.has(name) ? name : null;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && bindings.namespaces.has(e.expression.text)) {
    return SPAWNING.has(e.name.text) ? e.name.text : null;
  }
  return null;
}

function isShellTrue(p: ts.ObjectLiteralElementLike): boolean {
  return ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "shell" && p.initializer.kind === ts.SyntaxKind.TrueKeyword;
}
