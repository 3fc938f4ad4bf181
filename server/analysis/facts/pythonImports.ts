import type { ParsedFile } from "../../workspace";
import type { PythonNode as Node } from "../../workspace/pythonTree";
import type { ImportFact } from "./imports";

const cache = new WeakMap<ParsedFile, ImportFact[]>();

/**
 * The modules a Python file imports, as specifiers: `a.b` for absolute imports, leading dots
 * for relative ones; `from . import x` also offers `.x` (x may be a submodule). Imports under
 * `if TYPE_CHECKING:` never run, so they are type-only.
 */
export function pythonImportsOf(file: ParsedFile): ImportFact[] {
  let facts = cache.get(file);
  if (facts) return facts;
  facts = [];
  const out = facts;
  const add = (specifier: string, node: Node, typeOnly: boolean, alternatives: string[] = []) =>
    out.push({ specifier, kind: "import", typeOnly, start: node.startIndex, end: node.endIndex, ...(alternatives.length ? { alternatives } : {}) });
  const visit = (node: Node, typeOnly: boolean): void => {
    if (node.type === "import_statement") {
      for (const child of node.namedChildren) {
        const name = child?.type === "aliased_import" ? child.childForFieldName("name") : child;
        if (name?.type === "dotted_name") add(name.text, name, typeOnly);
      }
      return;
    }
    if (node.type === "import_from_statement") {
      const module = node.childForFieldName("module_name");
      if (!module) return;
      const base = module.text; // "a.b", ".", "..x"
      const names = node.childrenForFieldName("name").filter((n): n is Node => n !== null);
      const submodules = names.map((n) => (n.type === "aliased_import" ? n.childForFieldName("name")?.text : n.text)).filter((n): n is string => !!n);
      const join = (name: string) => (base.endsWith(".") ? `${base}${name}` : `${base}.${name}`);
      add(base, module, typeOnly, submodules.map(join));
      return;
    }
    const guarded =
      node.type === "if_statement" && /^(typing\.)?TYPE_CHECKING$/.test(node.childForFieldName("condition")?.text ?? "");
    for (const child of node.namedChildren) {
      if (!child) continue;
      // Only the body of `if TYPE_CHECKING:` is type-only, not its else branch.
      const inBody = guarded && child.type === "block";
      visit(child, typeOnly || inBody);
    }
  };
  const tree = file.py;
  if (tree) visit(tree.rootNode, false);
  cache.set(file, facts);
  return facts;
}
