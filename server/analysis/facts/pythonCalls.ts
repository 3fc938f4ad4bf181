import type { Node } from "web-tree-sitter";
import type { ParsedFile } from "../../workspace";

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
  const stack = file.py ? [file.py.rootNode] : [];
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
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  cache.set(file, calls);
  return calls;
}

/** A string literal without interpolation: fixed when the code was written. */
export function isPythonLiteral(node: Node | undefined): boolean {
  return !!node && node.type === "string" && !node.namedChildren.some((c) => c?.type === "interpolation");
}
