import type { PythonNode as Node, PythonTree as Tree } from "../../workspace/pythonTree";
import type { FunctionFact } from "./functionFacts";

// Decision points in the way radon counts them: each branch, loop, handler, boolean operator,
// conditional expression, comprehension clause and match case adds a path, and nested functions
// are measured on their own. (mccabe, flake8's C901, counts fewer: see the README.)
const DECISIONS = new Set([
  "if_statement",
  "elif_clause",
  "for_statement",
  "while_statement",
  "except_clause",
  "boolean_operator",
  "conditional_expression",
  "for_in_clause",
  "if_clause",
  "case_clause",
]);
// Blocks that nest, as pylint's too-many-nested-blocks counts them (elif stays at its if's level).
const NESTING = new Set(["if_statement", "for_statement", "while_statement", "try_statement", "with_statement", "match_statement"]);

/** Pure: a fact per Python function and method, in the same shape as the TS/JS facts. */
export function pythonFunctionFacts(tree: Tree): FunctionFact[] {
  const facts: FunctionFact[] = [];
  const anchors = new Map<string, number>();

  const visit = (node: Node, fact: FunctionFact | null, depth: number, scope: string | null, inClass: string | null): void => {
    if (node.type === "function_definition") {
      const nameNode = node.childForFieldName("name");
      const name = nameNode?.text ?? "function";
      const qualified = inClass ? `${inClass}.${name}` : scope ? `${scope}.${name}` : name;
      const seen = (anchors.get(qualified) ?? 0) + 1;
      anchors.set(qualified, seen);
      const params = (node.childForFieldName("parameters")?.namedChildren ?? []).filter(
        (p, i) => p !== null && !(i === 0 && inClass && /^(self|cls)$/.test(p.text)) && p.type !== "comment",
      );
      const isAsync = node.children.some((c) => c?.type === "async");
      const own: FunctionFact = {
        kind: inClass ? "method" : "function",
        name: qualified,
        anchor: seen === 1 ? qualified : `${qualified}#${seen}`,
        label: `${isAsync ? "Async " : ""}${inClass ? "Method" : "Function"} '${name}'`,
        headStart: (nameNode ?? node).startIndex,
        headEnd: (nameNode ?? node).endIndex,
        start: node.startIndex,
        end: node.endIndex,
        complexity: 1,
        params: params.length,
        maxDepth: 0,
        deepestAt: null,
      };
      facts.push(own);
      for (const child of node.namedChildren) if (child) visit(child, own, 0, qualified, null);
      return;
    }
    if (node.type === "class_definition") {
      const name = node.childForFieldName("name")?.text ?? "class";
      const qualified = scope ? `${scope}.${name}` : name;
      for (const child of node.namedChildren) if (child) visit(child, fact, depth, scope, qualified);
      return;
    }
    if (fact && DECISIONS.has(node.type)) fact.complexity++;
    let inner = depth;
    if (NESTING.has(node.type)) {
      inner = depth + 1;
      if (fact && inner > fact.maxDepth) {
        fact.maxDepth = inner;
        fact.deepestAt = node.startIndex;
      }
    }
    for (const child of node.namedChildren) if (child) visit(child, fact, inner, scope, inClass);
  };

  visit(tree.rootNode, null, 0, null, null);
  return facts;
}
