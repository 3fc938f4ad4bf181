import * as ts from "typescript";

// `import * as ts` of a CommonJS module reads every property through a getter; the walk
// touches these for every node, so take the enum once.
const SK = ts.SyntaxKind;

export type FunctionKind =
  | "function"
  | "generator"
  | "arrow"
  | "method"
  | "constructor"
  | "getter"
  | "setter"
  | "class-field-initializer"
  | "class-static-block";

/** What the code-quality rules need to know about one function (or implicit function). */
export interface FunctionFact {
  kind: FunctionKind;
  /** Readable, e.g. `Parser.parse`, `describe callback`. */
  name: string;
  /** Stable across unrelated edits: the name path, with `#2`… for repeats in one file. */
  anchor: string;
  /** ESLint's wording, e.g. "Method 'parse'", so our messages read like the tool users know. */
  label: string;
  /** Where ESLint reports the function (its "head"), as offsets. */
  headStart: number;
  headEnd: number;
  /** The whole function, as offsets. */
  start: number;
  end: number;
  /** Cyclomatic complexity, counted exactly as ESLint's `complexity` rule (classic variant). */
  complexity: number;
  params: number;
  /** Deepest nesting of control statements (ESLint `max-depth` counting) and where it occurs. */
  maxDepth: number;
  deepestAt: number | null;
}

interface Frame {
  fact: FunctionFact | null;
  depth: number;
}

/**
 * Pure: one walk over a parsed file that yields a fact for every function ESLint gives a code
 * path of its own — functions, arrows, methods, accessors, constructors, class field
 * initializers and static blocks. Decision points count toward the innermost one.
 */
export function functionFacts(source: ts.SourceFile): FunctionFact[] {
  const facts: FunctionFact[] = [];
  const anchors = new Map<string, number>();

  const open = (kind: FunctionKind, name: string, label: string, head: [number, number], node: ts.Node): FunctionFact => {
    const seen = (anchors.get(name) ?? 0) + 1;
    anchors.set(name, seen);
    const fact: FunctionFact = {
      kind,
      name,
      anchor: seen === 1 ? name : `${name}#${seen}`,
      label,
      headStart: head[0],
      headEnd: head[1],
      start: node.getStart(source),
      end: node.end,
      complexity: 1,
      params: 0,
      maxDepth: 0,
      deepestAt: null,
    };
    facts.push(fact);
    return fact;
  };

  const visitChildren = (node: ts.Node, frame: Frame, hint: string | null, owner: number | null = null): void => {
    node.forEachChild((child) => {
      // ESLint reports a function that is a property's value from the property's start.
      const childOwner =
        node.kind === SK.PropertyAssignment && child === (node as ts.PropertyAssignment).initializer
          ? memberStart(node, source)
          : node.kind === SK.ParenthesizedExpression
            ? owner
            : null;
      visit(child, frame, takesHint(child) ? hintFor(node, child, hint, source) : null, childOwner);
    });
  };

  const visit = (node: ts.Node, frame: Frame, hint: string | null, owner: number | null = null): void => {
    if (isFunctionWithBody(node)) {
      const { kind, name, label } = describeFunction(node, hint, frame.fact?.name ?? null, source);
      const fact = open(kind, name, label, functionHead(node, source, owner), node);
      fact.params = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this")).length;
      visitChildren(node, { fact, depth: 0 }, null);
      return;
    }
    if (node.kind === SK.ClassStaticBlockDeclaration) {
      const start = node.getStart(source);
      const fact = open("class-static-block", `${hint ?? "class"}.static`, "Class static block", [start, start + "static".length], node);
      visitChildren(node, { fact, depth: 0 }, null);
      return;
    }
    if (node.kind === SK.ClassDeclaration || node.kind === SK.ClassExpression) {
      visitClass(node as ts.ClassLikeDeclaration, frame, hint);
      return;
    }
    const fact = frame.fact;
    if (fact) {
      fact.complexity += decisionPoints(node);
      if (node.kind === SK.BinaryExpression && (node as ts.BinaryExpression).operatorToken.kind === SK.EqualsToken) {
        fact.complexity += patternDefaults((node as ts.BinaryExpression).left);
      }
      if (node.kind === SK.ForOfStatement || node.kind === SK.ForInStatement) {
        const initializer = (node as ts.ForOfStatement).initializer;
        if (initializer.kind !== SK.VariableDeclarationList) fact.complexity += patternDefaults(initializer);
      }
    }
    if (increasesDepth(node)) {
      const depth = frame.depth + 1;
      if (fact && depth > fact.maxDepth) {
        fact.maxDepth = depth;
        fact.deepestAt = node.getStart(source);
      }
      visitControl(node, { fact, depth }, hint);
      return;
    }
    visitChildren(node, frame, hint, owner);
  };

  // An `else if` stays at its `if`'s depth, as ESLint's max-depth counts it.
  const visitControl = (node: ts.Node, frame: Frame, hint: string | null): void => {
    if (!ts.isIfStatement(node)) {
      visitChildren(node, frame, hint);
      return;
    }
    visit(node.expression, frame, null);
    visit(node.thenStatement, frame, null);
    const otherwise = node.elseStatement;
    if (!otherwise) return;
    if (ts.isIfStatement(otherwise)) {
      if (frame.fact) frame.fact.complexity += 1;
      visitControl(otherwise, frame, null);
    } else {
      visit(otherwise, frame, null);
    }
  };

  const visitClass = (node: ts.ClassLikeDeclaration, frame: Frame, hint: string | null): void => {
    const className = node.name?.text ?? hint ?? "class";
    for (const d of ts.getDecorators(node) ?? []) visit(d, frame, null);
    for (const h of node.heritageClauses ?? []) visit(h, frame, null);
    for (const member of node.members) {
      if (ts.isPropertyDeclaration(member) && member.initializer) {
        // ESLint gives a field's initializer a code path of its own.
        const memberName = `${className}.${propertyName(member.name, source)}`;
        const start = member.initializer.getStart(source);
        const fact = open("class-field-initializer", `${memberName}=`, "Class field initializer", [start, member.initializer.end], member.initializer);
        for (const d of ts.getDecorators(member) ?? []) visit(d, frame, null);
        if (ts.isComputedPropertyName(member.name)) visit(member.name, frame, null);
        visit(member.initializer, { fact, depth: 0 }, memberName, memberStart(member, source));
        continue;
      }
      visit(member, frame, className);
    }
  };

  visit(source, { fact: null, depth: 0 }, null);
  return facts;
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Node };

/** Functions, arrows, methods, constructors and accessors: the nodes ESLint gives a code path. */
export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  switch (node.kind) {
    case SK.FunctionDeclaration:
    case SK.FunctionExpression:
    case SK.ArrowFunction:
    case SK.MethodDeclaration:
    case SK.Constructor:
    case SK.GetAccessor:
    case SK.SetAccessor:
      return true;
  }
  return false;
}

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return isFunctionLike(node) && node.body !== undefined;
}

/** The +1s of ESLint's complexity rule, except `else if` (counted in visitIfChain) and pattern defaults. */
function decisionPoints(node: ts.Node): number {
  switch (node.kind) {
    case SK.IfStatement:
    case SK.ForStatement:
    case SK.ForInStatement:
    case SK.ForOfStatement:
    case SK.WhileStatement:
    case SK.DoStatement:
    case SK.CatchClause:
    case SK.ConditionalExpression:
    case SK.CaseClause:
      return 1;
    case SK.BinaryExpression:
      switch ((node as ts.BinaryExpression).operatorToken.kind) {
        case SK.AmpersandAmpersandToken:
        case SK.BarBarToken:
        case SK.QuestionQuestionToken:
        case SK.AmpersandAmpersandEqualsToken:
        case SK.BarBarEqualsToken:
        case SK.QuestionQuestionEqualsToken:
          return 1;
      }
      return 0;
    case SK.Parameter:
    case SK.BindingElement:
      // A default value: ESTree's AssignmentPattern.
      return (node as ts.ParameterDeclaration | ts.BindingElement).initializer ? 1 : 0;
    case SK.PropertyAccessExpression:
    case SK.ElementAccessExpression:
    case SK.CallExpression:
      return (node as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression).questionDotToken ? 1 : 0;
  }
  return 0;
}

/**
 * Defaults inside a destructuring *assignment* target (`[a = 1] = xs`, `({ b = 2 } = o)`):
 * TypeScript parses these as expressions, ESTree as AssignmentPatterns, which ESLint counts.
 */
function patternDefaults(target: ts.Node): number {
  if (ts.isParenthesizedExpression(target)) return patternDefaults(target.expression);
  let count = 0;
  if (ts.isArrayLiteralExpression(target)) {
    for (const element of target.elements) {
      if (ts.isBinaryExpression(element) && element.operatorToken.kind === SK.EqualsToken) {
        count += 1 + patternDefaults(element.left);
      } else if (ts.isSpreadElement(element)) {
        count += patternDefaults(element.expression);
      } else {
        count += patternDefaults(element);
      }
    }
  } else if (ts.isObjectLiteralExpression(target)) {
    for (const property of target.properties) {
      if (ts.isShorthandPropertyAssignment(property) && property.objectAssignmentInitializer) count += 1;
      else if (ts.isPropertyAssignment(property)) {
        const value = property.initializer;
        if (ts.isBinaryExpression(value) && value.operatorToken.kind === SK.EqualsToken) {
          count += 1 + patternDefaults(value.left);
        } else count += patternDefaults(value);
      } else if (ts.isSpreadAssignment(property)) count += patternDefaults(property.expression);
    }
  }
  return count;
}

function increasesDepth(node: ts.Node): boolean {
  switch (node.kind) {
    case SK.IfStatement:
    case SK.SwitchStatement:
    case SK.TryStatement:
    case SK.DoStatement:
    case SK.WhileStatement:
    case SK.WithStatement:
    case SK.ForStatement:
    case SK.ForInStatement:
    case SK.ForOfStatement:
      return true;
  }
  return false;
}

/** Only these nodes use a name hint: computing one for every node would cost as much as parsing. */
function takesHint(node: ts.Node): boolean {
  switch (node.kind) {
    case SK.FunctionExpression:
    case SK.ArrowFunction:
    case SK.ClassExpression:
    case SK.ObjectLiteralExpression:
    case SK.PropertyAssignment:
    case SK.MethodDeclaration:
    case SK.GetAccessor:
    case SK.SetAccessor:
    case SK.ParenthesizedExpression:
    case SK.AsExpression:
    case SK.SatisfiesExpression:
    case SK.NonNullExpression:
    case SK.TypeAssertionExpression:
      return true;
  }
  return false;
}

/** The name a function found directly under `child` takes from its surroundings, if any. */
function hintFor(parent: ts.Node, child: ts.Node, inherited: string | null, source: ts.SourceFile): string | null {
  if (ts.isVariableDeclaration(parent) && child === parent.initializer) return bindingText(parent.name, source);
  if (ts.isPropertyAssignment(parent) && child === parent.initializer) {
    const key = propertyName(parent.name, source);
    return inherited ? `${inherited}.${key}` : key;
  }
  if (ts.isBinaryExpression(parent) && child === parent.right && parent.operatorToken.kind === SK.EqualsToken) {
    return shorten(parent.left.getText(source));
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) {
    const first = parent.arguments[0];
    const label = first && first !== child && ts.isStringLiteralLike(first) ? ` "${shorten(first.text)}"` : "";
    return `${shorten(parent.expression.getText(source))}${label} callback`;
  }
  if (ts.isExportAssignment(parent)) return "default";
  if (
    ts.isObjectLiteralExpression(parent) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isTypeAssertionExpression(parent)
  ) {
    return inherited;
  }
  return null;
}

function bindingText(name: ts.BindingName, source: ts.SourceFile): string {
  return ts.isIdentifier(name) ? name.text : shorten(name.getText(source));
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine;
}

function describeFunction(
  node: FunctionWithBody,
  hint: string | null,
  enclosing: string | null,
  source: ts.SourceFile,
): { kind: FunctionKind; name: string; label: string } {
  const isAsync = ts.getModifiers(node)?.some((m) => m.kind === SK.AsyncKeyword) ?? false;
  const prefix = isAsync ? "async " : "";
  const own = node.name ? propertyName(node.name, source) : null;
  const qualify = (name: string) => (hint && !hint.endsWith(" callback") ? `${hint}.${name}` : name);
  if (ts.isConstructorDeclaration(node)) return { kind: "constructor", name: qualify("constructor"), label: "Constructor" };
  if (ts.isGetAccessorDeclaration(node)) return { kind: "getter", name: qualify(`get ${own}`), label: `Getter '${own}'` };
  if (ts.isSetAccessorDeclaration(node)) return { kind: "setter", name: qualify(`set ${own}`), label: `Setter '${own}'` };
  if (ts.isMethodDeclaration(node)) return { kind: "method", name: qualify(own ?? "method"), label: upper(`${prefix}method '${own}'`) };
  const generator = node.asteriskToken !== undefined;
  if (ts.isArrowFunction(node)) {
    return { kind: "arrow", name: hint ?? `${enclosing ?? "module"} > arrow`, label: upper(`${prefix}arrow function`) };
  }
  const kind: FunctionKind = generator ? "generator" : "function";
  const word = generator ? "generator function" : "function";
  const name = own ?? hint ?? `${enclosing ?? "module"} > ${word}`;
  return { kind, name, label: upper(`${prefix}${word}${own ? ` '${own}'` : ""}`) };
}

/** ESLint's getFunctionHeadLoc: the arrow for arrows; otherwise from the start (or the owning key) to the `(`. */
function functionHead(node: FunctionWithBody, source: ts.SourceFile, owner: number | null): [number, number] {
  const paren = node.getChildren(source).find((c) => c.kind === SK.OpenParenToken);
  const end = paren ? paren.getStart(source) : node.body.getStart(source);
  if (owner !== null) return [owner, end];
  if (ts.isArrowFunction(node)) return [node.equalsGreaterThanToken.getStart(source), node.equalsGreaterThanToken.end];
  let start = node.getStart(source);
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) {
    // ESTree's FunctionDeclaration starts at `async` or `function`, never at `export`/`default`.
    const first = tokensOf(node, source).find((c) => c.kind === SK.AsyncKeyword || c.kind === SK.FunctionKeyword);
    if (first) start = first.getStart(source);
  } else {
    start = memberStart(node, source);
  }
  return [start, end];
}

/** A class or object member's start, after any decorators. */
function memberStart(node: ts.Node, source: ts.SourceFile): number {
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  const last = decorators?.[decorators.length - 1];
  if (last) {
    const next = tokensOf(node, source).find((c) => c.pos >= last.end && !ts.isDecorator(c));
    if (next) return next.getStart(source);
  }
  return node.getStart(source);
}

/** Direct children, with modifier lists opened up. */
function tokensOf(node: ts.Node, source: ts.SourceFile): ts.Node[] {
  return node.getChildren(source).flatMap((c) => (c.kind === SK.SyntaxList ? c.getChildren(source) : [c]));
}

export function propertyName(name: ts.PropertyName | ts.BindingName, source: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(source);
}

function upper(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
