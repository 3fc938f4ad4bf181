import type { ParsedFile } from "../../workspace";
import type { PythonNode as Node } from "../../workspace/pythonTree";

/** A Python call: the dotted name called, its positional arguments and keyword arguments. */
export interface PythonCall {
  callee: string;
  args: Node[];
  keywords: Map<string, Node>;
  start: number;
  end: number;
  text: string;
}

const cache = new WeakMap<ParsedFile, PythonCall[]>();

/** Every call in a Python file, in order (one walk per file version). */
export function pythonCalls(file: ParsedFile): PythonCall[] {
  let calls = cache.get(file);
  if (calls) return calls;
  calls = [];
  const tree = file.py;
  const stack = tree ? [tree.rootNode] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      const argList = node.childForFieldName("arguments");
      const args: Node[] = [];
      const keywords = new Map<string, Node>();
      for (const a of argList?.namedChildren ?? []) {
        if (!a) continue;
        if (a.type === "keyword_argument") {
          const name = a.childForFieldName("name")?.text;
          const value = a.childForFieldName("value");
          if (name && value) keywords.set(name, value);
        } else if (a.type !== "comment") args.push(a);
      }
      if (fn) calls.push({ callee: fn.text, args, keywords, start: node.startIndex, end: node.endIndex, text: node.text });
    }
    // namedChildren once, not namedChild(i) per child: on the mirror that is a scan per index.
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  cache.set(file, calls);
  return calls;
}

/** A string literal without interpolation: fixed when the code was written. */
export function isPythonLiteral(node: Node | undefined): boolean {
  return !!node && node.type === "string" && !node.namedChildren.some((c) => c?.type === "interpolation");
}
