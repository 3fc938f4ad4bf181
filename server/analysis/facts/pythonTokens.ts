import type { Tree } from "web-tree-sitter";
import { fnv1a, type TokenStream } from "./tokens";

/**
 * Pure: the token stream of a Python file, from the tree-sitter tree's leaves. Comments are
 * dropped, as whitespace is; a string (f-strings included) is one token, as it is to the
 * tokenizer Python itself uses, so copy detection compares code the way the TS/JS stream does.
 */
export function tokenizePython(tree: Tree, text: string): TokenStream {
  const texts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const cursor = tree.walk();
  // An iterative walk on the cursor's own fields: every Node object web-tree-sitter hands out
  // is marshalled out of wasm memory, which made this walk most of the Python analysis time.
  for (let visit = true; ; ) {
    if (visit) {
      const type = cursor.nodeType;
      if (type !== "comment" && (type === "string" || !cursor.gotoFirstChild())) {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        if (end > start) {
          texts.push(text.slice(start, end));
          starts.push(start);
          ends.push(end);
        }
      } else if (type !== "comment") {
        continue;
      }
    }
    if (cursor.gotoNextSibling()) visit = true;
    else if (cursor.gotoParent()) visit = false;
    else break;
  }
  cursor.delete();
  const hashes = new Uint32Array(texts.length);
  for (let i = 0; i < texts.length; i++) hashes[i] = fnv1a(texts[i]!);
  return { texts, starts: Int32Array.from(starts), ends: Int32Array.from(ends), hashes };
}
