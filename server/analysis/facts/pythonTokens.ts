import type { PythonTree } from "../../workspace/pythonTree";
import { fnv1a, type TokenStream } from "./tokens";

/**
 * Pure: the token stream of a Python file, from the tree-sitter tree's leaves. Comments are
 * dropped, as whitespace is; a string (f-strings included) is one token, as it is to the
 * tokenizer Python itself uses, so copy detection compares code the way the TS/JS stream does.
 */
export function tokenizePython(tree: PythonTree, text: string): TokenStream {
  const texts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // Preorder: skipping a node's `size` entries skips its whole subtree.
  for (let i = 0; i < tree.sizes.length; ) {
    const type = tree.typeOf(i);
    const size = tree.sizes[i]!;
    if (type !== "comment" && (type === "string" || size === 1)) {
      const start = tree.starts[i]!;
      const end = tree.ends[i]!;
      if (end > start) {
        texts.push(text.slice(start, end));
        starts.push(start);
        ends.push(end);
      }
    }
    i += type === "comment" || type === "string" ? size : 1;
  }
  const hashes = new Uint32Array(texts.length);
  for (let i = 0; i < texts.length; i++) hashes[i] = fnv1a(texts[i]!);
  return { texts, starts: Int32Array.from(starts), ends: Int32Array.from(ends), hashes };
}
