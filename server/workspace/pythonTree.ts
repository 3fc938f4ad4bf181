import type { Tree } from "web-tree-sitter";

/**
 * A plain-JS copy of a tree-sitter Python tree, built by one cursor walk. Every Node that
 * web-tree-sitter hands out is marshalled in and out of wasm memory, and the Python facts walk
 * whole trees several times: reading typed arrays instead made those walks several times faster.
 * Nodes are kept in preorder, so a node's descendants are the `size - 1` entries after it.
 */
export class PythonTree {
  constructor(
    readonly text: string,
    readonly typeNames: readonly string[],
    readonly fieldNames: readonly (string | null)[],
    readonly types: Uint16Array,
    readonly fields: Uint16Array,
    readonly named: Uint8Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly parents: Int32Array,
    readonly sizes: Int32Array,
  ) {}

  get rootNode(): PythonNode {
    return new PythonNode(this, 0);
  }

  typeOf(i: number): string {
    // tree-sitter's error symbol is 65535, past the end of the grammar's names.
    return this.typeNames[this.types[i]!] || "ERROR";
  }
}

/**
 * The part of web-tree-sitter's Node API the Python facts use, with the same results. A new
 * object per access, as web-tree-sitter does: callers compare nodes by `id`, and some by identity.
 */
export class PythonNode {
  constructor(
    readonly tree: PythonTree,
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.typeOf(this.id);
  }

  get isNamed(): boolean {
    return this.tree.named[this.id] === 1;
  }

  get startIndex(): number {
    return this.tree.starts[this.id]!;
  }

  get endIndex(): number {
    return this.tree.ends[this.id]!;
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get parent(): PythonNode | null {
    const p = this.tree.parents[this.id]!;
    return p < 0 ? null : new PythonNode(this.tree, p);
  }

  get children(): PythonNode[] {
    const out: PythonNode[] = [];
    for (let c = this.id + 1, end = this.id + this.tree.sizes[this.id]!; c < end; c += this.tree.sizes[c]!) out.push(new PythonNode(this.tree, c));
    return out;
  }

  get namedChildren(): PythonNode[] {
    const out: PythonNode[] = [];
    const { named, sizes } = this.tree;
    for (let c = this.id + 1, end = this.id + sizes[this.id]!; c < end; c += sizes[c]!) if (named[c] === 1) out.push(new PythonNode(this.tree, c));
    return out;
  }

  get namedChildCount(): number {
    let count = 0;
    const { named, sizes } = this.tree;
    for (let c = this.id + 1, end = this.id + sizes[this.id]!; c < end; c += sizes[c]!) if (named[c] === 1) count++;
    return count;
  }

  namedChild(index: number): PythonNode | null {
    const { named, sizes } = this.tree;
    for (let c = this.id + 1, end = this.id + sizes[this.id]!; c < end; c += sizes[c]!) if (named[c] === 1 && index-- === 0) return new PythonNode(this.tree, c);
    return null;
  }

  childForFieldName(name: string): PythonNode | null {
    const field = this.tree.fieldNames.indexOf(name);
    if (field <= 0) return null;
    const { fields, sizes } = this.tree;
    for (let c = this.id + 1, end = this.id + sizes[this.id]!; c < end; c += sizes[c]!) if (fields[c] === field) return new PythonNode(this.tree, c);
    return null;
  }

  childrenForFieldName(name: string): PythonNode[] {
    const out: PythonNode[] = [];
    const field = this.tree.fieldNames.indexOf(name);
    if (field <= 0) return out;
    const { fields, sizes } = this.tree;
    for (let c = this.id + 1, end = this.id + sizes[this.id]!; c < end; c += sizes[c]!) if (fields[c] === field) out.push(new PythonNode(this.tree, c));
    return out;
  }

  /** As web-tree-sitter's: this node included, in document order, skipping zero-width nodes at offset 0. */
  descendantsOfType(types: string | readonly string[]): PythonNode[] {
    const wanted = typeof types === "string" ? [types] : types;
    const out: PythonNode[] = [];
    for (let i = this.id, end = this.id + this.tree.sizes[this.id]!; i < end; i++) {
      if (this.tree.ends[i]! > 0 && wanted.includes(this.tree.typeOf(i))) out.push(new PythonNode(this.tree, i));
    }
    return out;
  }
}

/** One cursor walk: the cursor's getters are the cheapest way out of wasm memory. */
export function mirrorTree(tree: Tree, text: string): PythonTree {
  let capacity = 1024;
  let types = new Uint16Array(capacity);
  let fields = new Uint16Array(capacity);
  let named = new Uint8Array(capacity);
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let parents = new Int32Array(capacity);
  let sizes = new Int32Array(capacity);
  const grow = () => {
    capacity *= 2;
    const more = <T extends Uint16Array | Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    types = more(types);
    fields = more(fields);
    named = more(named);
    starts = more(starts);
    ends = more(ends);
    parents = more(parents);
    sizes = more(sizes);
  };
  const open: number[] = [];
  let count = 0;
  const cursor = tree.walk();
  for (;;) {
    if (count === capacity) grow();
    const i = count++;
    types[i] = cursor.nodeTypeId;
    fields[i] = cursor.currentFieldId;
    named[i] = cursor.nodeIsNamed ? 1 : 0;
    starts[i] = cursor.startIndex;
    ends[i] = cursor.endIndex;
    parents[i] = open.length ? open[open.length - 1]! : -1;
    if (cursor.gotoFirstChild()) {
      open.push(i);
      continue;
    }
    sizes[i] = 1;
    let done = false;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
      const p = open.pop()!;
      sizes[p] = count - p;
    }
    if (done) break;
  }
  cursor.delete();
  const language = tree.language;
  return new PythonTree(
    text,
    language.types,
    language.fields,
    types.slice(0, count),
    fields.slice(0, count),
    named.slice(0, count),
    starts.slice(0, count),
    ends.slice(0, count),
    parents.slice(0, count),
    sizes.slice(0, count),
  );
}
