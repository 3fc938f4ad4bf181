import type { ParsedFile } from "../../workspace";
import type { PythonNode as Node } from "../../workspace/pythonTree";

/** A node met inside at least one loop body, with the function it belongs to. */
export interface PythonInLoop {
  node: Node;
  /** Innermost first. */
  loops: Node[];
  fn: Node | null;
}

export interface PythonLoopContext {
  /** `x += …` statements inside loops. */
  augmented: PythonInLoop[];
  /** Calls inside loops. */
  calls: PythonInLoop[];
  /** `await` expressions inside loops of async functions. */
  awaits: PythonInLoop[];
}

const cache = new WeakMap<ParsedFile, PythonLoopContext>();

/** One walk per file version: what sits inside `for` / `while` bodies (not their `else`, which runs once). */
export function pythonLoopContext(file: ParsedFile): PythonLoopContext | null {
  const tree = file.py;
  if (!tree) return null;
  let ctx = cache.get(file);
  if (ctx) return ctx;
  ctx = { augmented: [], calls: [], awaits: [] };
  const out = ctx;
  const visit = (node: Node, loops: Node[], fn: Node | null): void => {
    if (node.type === "function_definition") {
      // A nested function's body runs when called, not once per iteration of the loop around it.
      for (const c of node.namedChildren) if (c) visit(c, [], node);
      return;
    }
    if (loops.length > 0) {
      if (node.type === "augmented_assignment") out.augmented.push({ node, loops, fn });
      else if (node.type === "call") out.calls.push({ node, loops, fn });
      else if (node.type === "await") out.awaits.push({ node, loops, fn });
    }
    const isLoop = node.type === "for_statement" || node.type === "while_statement";
    for (const c of node.namedChildren) {
      if (!c) continue;
      // Only the body repeats: the iterable of a for is evaluated once.
      const inBody = isLoop && c.type === "block";
      visit(c, inBody ? [node, ...loops] : loops, fn);
    }
  };
  visit(tree.rootNode, [], null);
  cache.set(file, ctx);
  return ctx;
}
