import * as ts from "typescript";
import type { ParsedFile } from "../../workspace";
import { isFunctionLike } from "./functionFacts";

const SK = ts.SyntaxKind;
const ITERATING_METHODS = new Set(["forEach", "map", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "flatMap"]);
const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "all", "use", "head", "options"]);

export interface LoopInfo {
  node: ts.Node;
  /** Source text of what the loop walks over (`items` in `for (x of items)`, `list` in `list.map(…)`), if known. */
  over: string | null;
}

export interface FunctionInfo {
  async: boolean;
  /** A callback passed to app.get/router.post/… or a (req, res) handler: it serves requests. */
  handler: boolean;
}

/** A node of interest with the loops (innermost last) and function that enclose it. */
export interface InContext<T extends ts.Node> {
  node: T;
  loops: LoopInfo[];
  fn: FunctionInfo | null;
}

export interface LoopContext {
  source: ts.SourceFile;
  /** Names this file declares as arrays: from an array literal or array-returning call, or typed as an array. */
  arrays: Set<string>;
  calls: InContext<ts.CallExpression>[];
  awaits: InContext<ts.AwaitExpression>[];
  news: InContext<ts.NewExpression>[];
  loops: InContext<ts.Node>[];
}

const cache = new WeakMap<ParsedFile, LoopContext | null>();

export function loopContext(file: ParsedFile): LoopContext | null {
  if (!cache.has(file)) cache.set(file, file.ts ? build(file.ts) : null);
  return cache.get(file)!;
}

function build(source: ts.SourceFile): LoopContext {
  const ctx: LoopContext = { source, arrays: new Set(), calls: [], awaits: [], news: [], loops: [] };
  const text = (n: ts.Node) => n.getText(source).replace(/\s+/g, " ");

  const visit = (node: ts.Node, loops: LoopInfo[], fn: FunctionInfo | null, handlerCallback: boolean): void => {
    if (isFunctionLike(node)) {
      const f = node as ts.FunctionLikeDeclaration;
      const isAsync = ts.getModifiers(f)?.some((m) => m.kind === SK.AsyncKeyword) ?? false;
      const params = f.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""));
      const handler = handlerCallback || (params[0] === "req" && (params[1] === "res" || params[1] === "reply"));
      // A new function starts with no enclosing loops, except an iteration callback (handled below).
      node.forEachChild((c) => visit(c, [], { async: isAsync, handler }, false));
      return;
    }
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isPropertyDeclaration(node)) && ts.isIdentifier(node.name) && isArrayish(node, source)) {
      ctx.arrays.add(node.name.text);
    }
    switch (node.kind) {
      case SK.ForStatement:
      case SK.WhileStatement:
      case SK.DoStatement:
        ctx.loops.push({ node, loops, fn });
        node.forEachChild((c) => visit(c, [...loops, { node, over: null }], fn, false));
        return;
      case SK.ForOfStatement:
      case SK.ForInStatement: {
        const loop = node as ts.ForOfStatement;
        ctx.loops.push({ node, loops, fn });
        visit(loop.expression, loops, fn, false);
        const inner = [...loops, { node, over: text(loop.expression) }];
        visit(loop.initializer, inner, fn, false);
        visit(loop.statement, inner, fn, false);
        return;
      }
      case SK.AwaitExpression:
        ctx.awaits.push({ node: node as ts.AwaitExpression, loops, fn });
        break;
      case SK.NewExpression:
        ctx.news.push({ node: node as ts.NewExpression, loops, fn });
        break;
      case SK.CallExpression: {
        const call = node as ts.CallExpression;
        ctx.calls.push({ node: call, loops, fn });
        const callee = call.expression;
        if (ts.isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          if (ITERATING_METHODS.has(method) && call.arguments[0] && isFunctionLike(call.arguments[0])) {
            ctx.loops.push({ node: call, loops, fn });
            visit(callee.expression, loops, fn, false);
            const cb = call.arguments[0] as ts.FunctionLikeDeclaration;
            const isAsync = ts.getModifiers(cb)?.some((m) => m.kind === SK.AsyncKeyword) ?? false;
            const inner = [...loops, { node: call, over: text(callee.expression) }];
            // The callback body runs once per element: the receiver's loop encloses it.
            cb.forEachChild((c) => visit(c, inner, { async: isAsync, handler: false }, false));
            for (const arg of call.arguments.slice(1)) visit(arg, loops, fn, false);
            return;
          }
          if (ROUTE_METHODS.has(method) && call.arguments.length >= 2) {
            visit(callee, loops, fn, false);
            for (const arg of call.arguments) visit(arg, loops, fn, isFunctionLike(arg));
            return;
          }
        }
        break;
      }
    }
    node.forEachChild((c) => visit(c, loops, fn, false));
  };
  visit(source, [], null, false);
  return ctx;
}

const ARRAY_RETURNING = /\.(map|filter|slice|concat|flat|flatMap|sort|toSorted|split|keys|values|entries)\(|^Array\.(from|of)\(|^Object\.(keys|values|entries)\(|^new Array\b|^\[/;

function isArrayish(node: ts.VariableDeclaration | ts.ParameterDeclaration | ts.PropertyDeclaration, source: ts.SourceFile): boolean {
  const type = node.type;
  if (type && (ts.isArrayTypeNode(type) || (ts.isTypeReferenceNode(type) && /^(Readonly)?Array$/.test(type.typeName.getText(source))))) return true;
  const init = node.initializer;
  if (!init) return false;
  if (ts.isArrayLiteralExpression(init)) return true;
  const text = init.getText(source);
  return ARRAY_RETURNING.test(text) && !/\.(join|toString)\(\)\s*$/.test(text);
}


