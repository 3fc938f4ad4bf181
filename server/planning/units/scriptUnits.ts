import * as ts from "typescript";
import { emptyFacts, type Unit, type UnitFacts, type UnitParam } from "./unit";

const SK = ts.SyntaxKind;

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.ConstructorDeclaration;

interface Candidate {
  name: string;
  kind: Unit["kind"];
  access: Unit["access"];
  node: FunctionLike | ts.ClassDeclaration;
}

/**
 * Pure: the units a test would call in a TS/JS module — exported functions (declarations and
 * function-valued consts, ES and CommonJS exports), exported classes and their public methods —
 * each with its signature and the facts of its body.
 */
export function scriptUnits(source: ts.SourceFile, file: string, language: "typescript" | "javascript"): Unit[] {
  const imports = importedNames(source);
  const units: Unit[] = [];
  for (const c of candidates(source)) {
    const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
    if (ts.isClassDeclaration(c.node)) {
      units.push({
        id: `${file}#${c.name}`,
        file,
        name: c.name,
        kind: "class",
        language,
        access: c.access,
        signature: `class ${c.name}${constructorOf(c.node) ? `(${paramsText(constructorOf(c.node)!, source)})` : ""}`,
        params: constructorOf(c.node) ? params(constructorOf(c.node)!, source) : [],
        returnType: null,
        isAsync: false,
        start: c.node.getStart(source),
        end: c.node.end,
        facts: constructorOf(c.node) ? bodyFacts(constructorOf(c.node)!, source, imports, line) : emptyFacts(),
      });
      continue;
    }
    const fn = c.node;
    const isAsync = !!ts.getModifiers(fn)?.some((m) => m.kind === SK.AsyncKeyword);
    const returnType = fn.type ? fn.type.getText(source).replace(/\s+/g, " ") : null;
    units.push({
      id: `${file}#${c.name}`,
      file,
      name: c.name,
      kind: c.kind,
      language,
      access: c.access,
      signature: `${isAsync ? "async " : ""}${c.name}(${paramsText(fn, source)})${returnType ? `: ${returnType}` : ""}`,
      params: params(fn, source),
      returnType,
      isAsync,
      start: fn.getStart(source),
      end: fn.end,
      facts: bodyFacts(fn, source, imports, line),
    });
  }
  return units;
}

function constructorOf(cls: ts.ClassDeclaration): ts.ConstructorDeclaration | undefined {
  return cls.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === kind);
}

function candidates(source: ts.SourceFile): Candidate[] {
  const out: Candidate[] = [];
  const topFunctions = new Map<string, FunctionLike>();
  const topClasses = new Map<string, ts.ClassDeclaration>();
  const es = (exportName: string) => ({ exportName, className: null, isStatic: false, commonjs: false });
  const addClass = (cls: ts.ClassDeclaration, exportName: string, commonjs: boolean) => {
    const name = cls.name?.text ?? exportName;
    out.push({ name, kind: "class", access: { exportName, className: name, isStatic: false, commonjs }, node: cls });
    for (const m of cls.members) {
      if (!ts.isMethodDeclaration(m) || !m.body || !m.name || hasModifier(m, SK.PrivateKeyword) || hasModifier(m, SK.ProtectedKeyword)) continue;
      if (ts.isPrivateIdentifier(m.name)) continue;
      const method = m.name.getText(source);
      const isStatic = hasModifier(m, SK.StaticKeyword);
      out.push({ name: `${name}.${method}`, kind: "method", access: { exportName, className: name, isStatic, commonjs }, node: m });
    }
  };
  for (const s of source.statements) {
    if (ts.isFunctionDeclaration(s) && s.name && s.body) topFunctions.set(s.name.text, s);
    if (ts.isClassDeclaration(s) && s.name) topClasses.set(s.name.text, s);
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) topFunctions.set(d.name.text, d.initializer);
      }
    }
  }
  for (const s of source.statements) {
    const exported = hasModifier(s, SK.ExportKeyword);
    const isDefault = hasModifier(s, SK.DefaultKeyword);
    if (exported && ts.isFunctionDeclaration(s) && s.body) {
      const name = s.name?.text ?? "default";
      out.push({ name, kind: "function", access: es(isDefault ? "default" : name), node: s });
    } else if (exported && ts.isClassDeclaration(s)) {
      addClass(s, isDefault ? "default" : (s.name?.text ?? "default"), false);
    } else if (exported && ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) out.push({ name: d.name.text, kind: "function", access: es(d.name.text), node: init });
      }
    } else if (ts.isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && ts.isNamedExports(s.exportClause) && !s.isTypeOnly) {
      // export { a, b as c }
      for (const e of s.exportClause.elements) {
        const local = (e.propertyName ?? e.name).getText(source);
        const fn = topFunctions.get(local);
        const cls = topClasses.get(local);
        if (fn) out.push({ name: local, kind: "function", access: es(e.name.getText(source)), node: fn });
        else if (cls) addClass(cls, e.name.getText(source), false);
      }
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === SK.EqualsToken) {
      commonJsExports(s.expression, source, topFunctions, topClasses, out, addClass);
    }
  }
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.name) && !!seen.add(c.name));
}

/** `module.exports = fn`, `module.exports = { a, b }`, `exports.a = function () {}`. */
function commonJsExports(
  assign: ts.BinaryExpression,
  source: ts.SourceFile,
  topFunctions: Map<string, FunctionLike>,
  topClasses: Map<string, ts.ClassDeclaration>,
  out: Candidate[],
  addClass: (cls: ts.ClassDeclaration, exportName: string, commonjs: boolean) => void,
): void {
  const target = assign.left.getText(source);
  const value = assign.right;
  const cjs = (exportName: string) => ({ exportName, className: null, isStatic: false, commonjs: true });
  const resolve = (expr: ts.Expression): FunctionLike | ts.ClassDeclaration | null => {
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return expr;
    if (ts.isIdentifier(expr)) return topFunctions.get(expr.text) ?? topClasses.get(expr.text) ?? null;
    return null;
  };
  const push = (name: string, exportName: string, node: FunctionLike | ts.ClassDeclaration | null) => {
    if (!node) return;
    if (ts.isClassDeclaration(node)) addClass(node, exportName, true);
    else out.push({ name, kind: "function", access: cjs(exportName), node });
  };
  const member = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(target);
  if (member) return push(member[1]!, member[1]!, resolve(value));
  if (target !== "module.exports") return;
  if (ts.isObjectLiteralExpression(value)) {
    for (const p of value.properties) {
      if (ts.isShorthandPropertyAssignment(p)) push(p.name.text, p.name.text, resolve(p.name));
      else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) push(p.name.text, p.name.text, resolve(p.initializer));
    }
    return;
  }
  const node = resolve(value);
  const name = ts.isIdentifier(value) ? value.text : ts.isFunctionExpression(value) && value.name ? value.name.text : "module.exports";
  push(name, "module.exports", node);
}

function params(fn: ts.SignatureDeclarationBase, source: ts.SourceFile): UnitParam[] {
  return fn.parameters
    .filter((p) => p.name.getText(source) !== "this")
    .map((p) => ({
      name: p.name.getText(source),
      type: p.type ? p.type.getText(source) : null,
      optional: !!p.questionToken || !!p.initializer,
      rest: !!p.dotDotDotToken,
      defaultText: p.initializer ? p.initializer.getText(source) : null,
    }));
}

function paramsText(fn: ts.SignatureDeclarationBase, source: ts.SourceFile): string {
  return fn.parameters.map((p) => p.getText(source).replace(/\s+/g, " ")).join(", ");
}

/** Local name → module, for every import and `require` at the top of the file. */
function importedNames(source: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const module = s.moduleSpecifier.text;
      const clause = s.importClause;
      if (clause?.name) names.set(clause.name.text, module);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.set(bindings.name.text, module);
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.set(e.name.text, `${module}#${(e.propertyName ?? e.name).getText(source)}`);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== "require") continue;
        const arg = init.arguments[0];
        if (!arg || !ts.isStringLiteral(arg)) continue;
        if (ts.isIdentifier(d.name)) names.set(d.name.text, arg.text);
        else if (ts.isObjectBindingPattern(d.name)) for (const e of d.name.elements) names.set(e.name.getText(source), `${arg.text}#${(e.propertyName ?? e.name).getText(source)}`);
      }
    }
  }
  return names;
}

const DECISIONS = new Set([SK.IfStatement, SK.ConditionalExpression, SK.CaseClause, SK.ForStatement, SK.ForInStatement, SK.ForOfStatement, SK.WhileStatement, SK.DoStatement, SK.CatchClause]);
const LOGICAL = new Set([SK.AmpersandAmpersandToken, SK.BarBarToken, SK.QuestionQuestionToken]);
const COMPARISON = new Set([SK.LessThanToken, SK.LessThanEqualsToken, SK.GreaterThanToken, SK.GreaterThanEqualsToken, SK.EqualsEqualsEqualsToken, SK.EqualsEqualsToken, SK.ExclamationEqualsEqualsToken, SK.ExclamationEqualsToken]);
const ITERATING = new Set(["map", "forEach", "filter", "reduce", "some", "every", "find", "flatMap"]);

/** A module run as a program (a package.json `bin`): a unit whose body is the file's top level. */
export function scriptEntryUnit(source: ts.SourceFile, file: string, language: "typescript" | "javascript"): Unit {
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  return {
    id: `${file}#<module>`,
    file,
    name: "<module>",
    kind: "entry",
    language,
    // A script that requires and never imports is CommonJS: its test must be too.
    access: { exportName: "<module>", className: null, isStatic: false, commonjs: !/^\s*(import|export)\s/m.test(source.text) && /\brequire\(/.test(source.text) },
    signature: `node ${file}`,
    params: [],
    returnType: null,
    isAsync: false,
    start: 0,
    end: source.end,
    facts: bodyFacts(source, source, importedNames(source), line),
  };
}

function bodyFacts(fn: FunctionLike | ts.SourceFile, source: ts.SourceFile, imports: Map<string, string>, line: (pos: number) => number): UnitFacts {
  const facts = emptyFacts();
  const paramNames = new Set(ts.isSourceFile(fn) ? [] : fn.parameters.flatMap((p) => bound(p.name)));
  const text = (n: ts.Node) => n.getText(source).replace(/\s+/g, " ");
  // The parse keeps no parent pointers (it is shared and cheaper without), so the walk keeps its own path.
  const path: ts.Node[] = [];
  const guard = (node: ts.Node): string | null => {
    let child = node;
    for (let i = path.length - 1; i >= 0; i--) {
      const parent = path[i]!;
      if (ts.isIfStatement(parent) && child !== parent.expression) return child === parent.thenStatement ? text(parent.expression) : `!(${text(parent.expression)})`;
      if (ts.isConditionalExpression(parent) && child !== parent.condition) return child === parent.whenTrue ? text(parent.condition) : `!(${text(parent.condition)})`;
      if (ts.isCaseClause(parent)) {
        const sw = path[i - 2];
        return sw && ts.isSwitchStatement(sw) ? `${text(sw.expression)} === ${text(parent.expression)}` : null;
      }
      child = parent;
    }
    return null;
  };
  const subjectOf = (e: ts.Expression): string | null => {
    const root = rootName(e);
    return root && paramNames.has(root) ? text(e) : null;
  };
  let loopDepth = 0;
  // Throws and returns inside a callback are the callback's, not the unit's: counted only at depth 0.
  let inner = 0;
  let returnsValues = false;
  const bare: UnitFacts["emptyReturns"] = [];
  const visit = (node: ts.Node): void => {
    if (node !== fn && (ts.isClassDeclaration(node) || ts.isFunctionDeclaration(node))) return;
    if (DECISIONS.has(node.kind)) facts.branches++;
    if (ts.isBinaryExpression(node) && LOGICAL.has(node.operatorToken.kind)) facts.branches++;
    if (inner === 0 && ts.isReturnStatement(node) && node.expression) returnsValues = true;
    if (inner > 0) {
      // nothing the unit itself throws or returns
    } else if (ts.isThrowStatement(node)) {
      const e = node.expression;
      const created = e && (ts.isNewExpression(e) || ts.isCallExpression(e)) ? e : null;
      const arg = created?.arguments?.[0];
      facts.throws.push({
        line: line(node.getStart(source)),
        condition: guard(node),
        error: created ? text(created.expression) : null,
        message: arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) || ts.isTemplateExpression(arg)) ? text(arg) : null,
      });
    }
    if (inner === 0 && ts.isReturnStatement(node) && node.expression) {
      const e = node.expression;
      if (e.kind === SK.NullKeyword || (ts.isIdentifier(e) && e.text === "undefined")) facts.emptyReturns.push({ line: line(node.getStart(source)), condition: guard(node), value: text(e) });
    }
    if (inner === 0 && ts.isReturnStatement(node) && !node.expression) bare.push({ line: line(node.getStart(source)), condition: guard(node), value: "undefined" });
    if (ts.isCallExpression(node)) {
      const callee = text(node.expression);
      const root = rootName(node.expression);
      const module = root ? (imports.get(root) ?? null) : null;
      facts.calls.push({ line: line(node.getStart(source)), callee, module, literalArgs: node.arguments.every((a) => ts.isLiteralExpression(a) || ts.isArrayLiteralExpression(a)) });
      if (callee === "Promise.reject") facts.rejects.push({ line: line(node.getStart(source)), condition: guard(node), text: text(node) });
      const method = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : null;
      if (method && ITERATING.has(method)) facts.loops.push({ line: line(node.getStart(source)), over: subjectOf((node.expression as ts.PropertyAccessExpression).expression), nested: loopDepth > 0 });
      userFacingCall(node, callee, method, line, facts, source);
    }
    if (ts.isPropertyAccessExpression(node) && text(node.expression) === "process.env") facts.env.push({ line: line(node.getStart(source)), name: node.name.text });
    if (ts.isElementAccessExpression(node) && text(node.expression) === "process.env") {
      const arg = node.argumentExpression;
      facts.env.push({ line: line(node.getStart(source)), name: ts.isStringLiteral(arg) ? arg.text : null });
    }
    if (ts.isBinaryExpression(node) && COMPARISON.has(node.operatorToken.kind)) {
      const [l, r, op] = [node.left, node.right, node.operatorToken.getText(source)];
      const num = (e: ts.Expression) => (ts.isNumericLiteral(e) ? Number(e.text) : ts.isPrefixUnaryExpression(e) && e.operator === SK.MinusToken && ts.isNumericLiteral(e.operand) ? -Number(e.operand.text) : null);
      const subjectLeft = subjectOf(l);
      const subjectRight = subjectOf(r);
      if (subjectLeft && num(r) !== null) facts.comparisons.push({ line: line(node.getStart(source)), subject: subjectLeft, operator: op, value: num(r)! });
      else if (subjectRight && num(l) !== null) facts.comparisons.push({ line: line(node.getStart(source)), subject: subjectRight, operator: flip(op), value: num(l)! });
    }
    if (ts.isCatchClause(node)) facts.catches.push({ line: line(node.getStart(source)), handling: catchHandling(node, source) });
    const isLoop = ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) facts.loops.push({ line: line(node.getStart(source)), over: subjectOf(node.expression), nested: loopDepth > 0 });
    else if (isLoop) facts.loops.push({ line: line(node.getStart(source)), over: null, nested: loopDepth > 0 });
    const nested = node !== fn && (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node));
    if (isLoop) loopDepth++;
    if (nested) inner++;
    path.push(node);
    ts.forEachChild(node, visit);
    path.pop();
    if (nested) inner--;
    if (isLoop) loopDepth--;
  };
  if (ts.isSourceFile(fn)) fn.statements.forEach(visit);
  else if (fn.body) visit(fn.body);
  // A bare `return;` is an empty result only in a function that otherwise returns values.
  if (returnsValues) facts.emptyReturns.push(...bare.filter((b) => b.condition !== null));
  facts.emptyReturns.sort((a, b) => a.line - b.line);
  return facts;
}

function userFacingCall(node: ts.CallExpression, callee: string, method: string | null, line: (pos: number) => number, facts: UnitFacts, source: ts.SourceFile): void {
  const first = node.arguments[0];
  const at = line(node.getStart(source));
  const literal = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first)) ? first.getText(source) : null;
  if (/^console\.(log|error|warn|info)$/.test(callee) || /^process\.(stdout|stderr)\.write$/.test(callee)) {
    if (literal) facts.userFacing.push({ line: at, kind: "message", text: literal });
  } else if (callee === "process.exit" && first) {
    facts.userFacing.push({ line: at, kind: "exit-code", text: first.getText(source) });
  } else if ((method === "status" || method === "sendStatus" || method === "writeHead") && first && ts.isNumericLiteral(first)) {
    facts.userFacing.push({ line: at, kind: "http-status", text: first.text });
  } else if (/^(parseArgs|yargs|program\.option|program\.argument|commander)/.test(callee) || callee === "process.argv.slice") {
    facts.userFacing.push({ line: at, kind: "cli-argument", text: callee });
  }
}

function catchHandling(node: ts.CatchClause, source: ts.SourceFile): UnitFacts["catches"][number]["handling"] {
  const statements = node.block.statements;
  if (statements.length === 0) return "empty";
  const name = node.variableDeclaration && ts.isIdentifier(node.variableDeclaration.name) ? node.variableDeclaration.name.text : null;
  let rethrowsWithoutCause = false;
  let usesError = false;
  let rethrows = false;
  const visit = (n: ts.Node): void => {
    if (ts.isThrowStatement(n)) {
      rethrows = true;
      const e = n.expression;
      if (e && ts.isNewExpression(e) && !(e.arguments ?? []).some((a) => /\bcause\b/.test(a.getText(source)) || (name !== null && a.getText(source) === name))) rethrowsWithoutCause = true;
    }
    if (name && ts.isIdentifier(n) && n.text === name) usesError = true;
    ts.forEachChild(n, visit);
  };
  node.block.forEachChild(visit);
  if (rethrowsWithoutCause) return "rethrown-without-cause";
  if (!usesError && !rethrows) return "swallowed";
  return "handled";
}

function bound(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bound(e.name)));
}

function rootName(e: ts.Expression): string | null {
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur) || ts.isCallExpression(cur) || ts.isNonNullExpression(cur) || ts.isParenthesizedExpression(cur)) cur = cur.expression;
  return ts.isIdentifier(cur) ? cur.text : null;
}

function flip(op: string): string {
  return ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as Record<string, string>)[op] ?? op;
}
