import type { PythonNode as Node, PythonTree as Tree } from "../../workspace/pythonTree";
import { emptyFacts, type Unit, type UnitFacts, type UnitParam } from "./unit";

/**
 * Pure: the units a test would call in a Python module — public functions (those in `__all__`
 * when it is set, else those not starting with `_`), public classes and their public methods,
 * and the module itself when it runs as a script (`if __name__ == "__main__":`).
 */
export function pythonUnits(tree: Tree, file: string, position: (offset: number) => { line: number }): Unit[] {
  const root = tree.rootNode;
  const imports = importedNames(root);
  const exported = dunderAll(root);
  const isPublic = (name: string) => (exported ? exported.has(name) : !name.startsWith("_"));
  const line = (n: Node) => position(n.startIndex).line;
  const units: Unit[] = [];
  const access = (exportName: string, className: string | null, isStatic: boolean) => ({ exportName, className, isStatic, commonjs: false });
  for (const raw of root.namedChildren) {
    const node = raw?.type === "decorated_definition" ? raw.childForFieldName("definition") : raw;
    if (!node) continue;
    if (node.type === "function_definition") {
      const name = node.childForFieldName("name")?.text ?? "";
      if (isPublic(name)) units.push(functionUnit(node, file, name, "function", access(name, null, false), imports, line));
    } else if (node.type === "class_definition") {
      const cls = node.childForFieldName("name")?.text ?? "";
      if (!isPublic(cls)) continue;
      const body = node.childForFieldName("body");
      const methods = (body?.namedChildren ?? []).map((m) => (m?.type === "decorated_definition" ? m.childForFieldName("definition") : m)).filter((m): m is Node => m?.type === "function_definition");
      const init = methods.find((m) => m.childForFieldName("name")?.text === "__init__");
      const ctor = init ? functionUnit(init, file, cls, "class", access(cls, cls, false), imports, line) : null;
      units.push({
        ...(ctor ?? functionUnit(node, file, cls, "class", access(cls, cls, false), imports, line)),
        signature: `class ${cls}${ctor ? ctor.signature.slice(ctor.signature.indexOf("(")) : ""}`,
        start: node.startIndex,
        end: node.endIndex,
        ...(ctor ? {} : { params: [], facts: emptyFacts() }),
      });
      for (const m of methods) {
        const name = m.childForFieldName("name")?.text ?? "";
        if (name.startsWith("_")) continue;
        const decorators = m.parent?.type === "decorated_definition" ? m.parent.text : "";
        const isStatic = /@(staticmethod|classmethod)\b/.test(decorators);
        units.push(functionUnit(m, file, `${cls}.${name}`, "method", access(cls, cls, isStatic), imports, line));
      }
    } else if (node.type === "if_statement" && /^__name__\s*==\s*['"]__main__['"]$/.test(node.childForFieldName("condition")?.text ?? "")) {
      units.push({
        id: `${file}#<module>`,
        file,
        name: "<module>",
        kind: "entry",
        language: "python",
        access: access("<module>", null, false),
        signature: `python ${file}`,
        params: [],
        returnType: null,
        isAsync: false,
        start: node.startIndex,
        end: node.endIndex,
        facts: bodyFacts(node, new Set(), imports, line),
      });
    }
  }
  return units;
}

function functionUnit(node: Node, file: string, name: string, kind: Unit["kind"], access: Unit["access"], imports: Map<string, string>, line: (n: Node) => number): Unit {
  const paramsNode = node.childForFieldName("parameters");
  const params = parameters(paramsNode, kind === "method" || kind === "class");
  const returnType = node.childForFieldName("return_type")?.text ?? null;
  const isAsync = node.children.some((c) => c?.type === "async");
  return {
    id: `${file}#${name}`,
    file,
    name,
    kind,
    language: "python",
    access,
    signature: `${isAsync ? "async " : ""}def ${name.split(".").pop()}${paramsNode?.text.replace(/\s+/g, " ") ?? "()"}${returnType ? ` -> ${returnType}` : ""}`,
    params,
    returnType,
    isAsync,
    start: node.startIndex,
    end: node.endIndex,
    facts: bodyFacts(node.childForFieldName("body") ?? node, new Set(params.map((p) => p.name)), imports, line),
  };
}

function parameters(node: Node | null, dropFirst: boolean): UnitParam[] {
  const out: UnitParam[] = [];
  for (const p of node?.namedChildren ?? []) {
    if (!p || p.type === "comment" || p.type === "positional_separator" || p.type === "keyword_separator") continue;
    const name = p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren.find((c) => c?.type === "identifier")?.text ?? p.text);
    out.push({
      name: name.replace(/^\*+/, ""),
      type: p.childForFieldName("type")?.text ?? null,
      optional: p.type === "default_parameter" || p.type === "typed_default_parameter",
      rest: p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern" || p.text.startsWith("*"),
      defaultText: p.childForFieldName("value")?.text ?? null,
    });
  }
  return dropFirst && out[0] && /^(self|cls)$/.test(out[0].name) ? out.slice(1) : out;
}

function dunderAll(root: Node): Set<string> | null {
  for (const s of root.namedChildren) {
    const a = s?.type === "expression_statement" ? s.namedChild(0) : null;
    if (a?.type === "assignment" && a.childForFieldName("left")?.text === "__all__") {
      return new Set([...(a.childForFieldName("right")?.text ?? "").matchAll(/["']([^"']+)["']/g)].map((m) => m[1]!));
    }
  }
  return null;
}

/** Local name → module for the file's imports (`import a.b as c`, `from x import y`). */
function importedNames(root: Node): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of root.descendantsOfType(["import_statement", "import_from_statement"])) {
    if (!s) continue;
    if (s.type === "import_statement") {
      for (const c of s.namedChildren) {
        if (c?.type === "aliased_import") names.set(c.childForFieldName("alias")?.text ?? "", c.childForFieldName("name")?.text ?? "");
        else if (c?.type === "dotted_name") names.set(c.text.split(".")[0]!, c.text.split(".")[0]!);
      }
    } else {
      const module = s.childForFieldName("module_name")?.text ?? "";
      for (const n of s.childrenForFieldName("name")) {
        if (!n) continue;
        if (n.type === "aliased_import") names.set(n.childForFieldName("alias")?.text ?? "", `${module}#${n.childForFieldName("name")?.text}`);
        else names.set(n.text, `${module}#${n.text}`);
      }
    }
  }
  return names;
}

const DECISIONS = new Set(["if_statement", "elif_clause", "for_statement", "while_statement", "except_clause", "boolean_operator", "conditional_expression", "case_clause"]);
const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function bodyFacts(body: Node, params: Set<string>, imports: Map<string, string>, line: (n: Node) => number): UnitFacts {
  const facts = emptyFacts();
  const guard = (node: Node): string | null => {
    for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
      if (parent.type === "if_statement" || parent.type === "elif_clause") {
        const cond = parent.childForFieldName("condition");
        if (cond && child.id !== cond.id && child.type === "block") return cond.text.replace(/\s+/g, " ");
        if (cond && child.type === "else_clause") return `not (${cond.text.replace(/\s+/g, " ")})`;
      }
    }
    return null;
  };
  const rootName = (n: Node): string | null => {
    let cur: Node | null = n;
    while (cur && (cur.type === "attribute" || cur.type === "subscript" || cur.type === "call")) cur = cur.childForFieldName(cur.type === "attribute" ? "object" : cur.type === "subscript" ? "value" : "function");
    return cur?.type === "identifier" ? cur.text : null;
  };
  const subject = (n: Node) => {
    const r = rootName(n);
    return r && params.has(r) ? n.text : null;
  };
  const number = (n: Node | null): number | null => {
    if (!n) return null;
    if (n.type === "integer" || n.type === "float") return Number(n.text.replace(/_/g, ""));
    if (n.type === "unary_operator" && n.text.startsWith("-")) {
      const v = number(n.namedChild(0));
      return v === null ? null : -v;
    }
    return null;
  };
  let returnsValues = false;
  const bare: UnitFacts["emptyReturns"] = [];
  const visit = (node: Node, loopDepth: number): void => {
    if (node !== body && (node.type === "function_definition" || node.type === "class_definition")) return;
    if (DECISIONS.has(node.type)) facts.branches++;
    switch (node.type) {
      case "raise_statement": {
        const e = node.namedChild(0);
        const called = e?.type === "call" ? e : null;
        const arg = called?.childForFieldName("arguments")?.namedChild(0);
        facts.throws.push({ line: line(node), condition: guard(node), error: called?.childForFieldName("function")?.text ?? e?.text ?? null, message: arg?.type === "string" ? arg.text : null });
        break;
      }
      case "return_statement": {
        const v = node.namedChild(0);
        if (v && v.type !== "none") returnsValues = true;
        if (v?.type === "none") facts.emptyReturns.push({ line: line(node), condition: guard(node), value: "None" });
        else if (!v && guard(node) !== null) bare.push({ line: line(node), condition: guard(node), value: "None" });
        break;
      }
      case "call": {
        const fn = node.childForFieldName("function");
        const callee = fn?.text ?? "";
        const root = fn ? rootName(fn) : null;
        const args = node.childForFieldName("arguments")?.namedChildren ?? [];
        facts.calls.push({ line: line(node), callee, module: root ? (imports.get(root) ?? null) : null, literalArgs: args.every((a) => !!a && /^(string|integer|float|list|true|false|none)$/.test(a.type)) });
        const first = args[0];
        if ((callee === "print" || /^(logging|logger|log)\.(info|warning|error|critical)$/.test(callee) || /^sys\.(stdout|stderr)\.write$/.test(callee)) && first?.type === "string") facts.userFacing.push({ line: line(node), kind: "message", text: first.text });
        if ((callee === "sys.exit" || callee === "exit") && first) facts.userFacing.push({ line: line(node), kind: "exit-code", text: first.text });
        if (/(^|\.)add_argument$/.test(callee) && first) facts.userFacing.push({ line: line(node), kind: "cli-argument", text: first.text });
        if (/^(abort|HTTPException|Response)$/.test(callee.split(".").pop() ?? "") && first?.type === "integer") facts.userFacing.push({ line: line(node), kind: "http-status", text: first.text });
        if (/^os\.(environ\.get|getenv)$/.test(callee)) facts.env.push({ line: line(node), name: first?.type === "string" ? first.text.replace(/^["']|["']$/g, "") : null });
        break;
      }
      case "subscript":
        if (node.childForFieldName("value")?.text === "os.environ") {
          const key = node.childForFieldName("subscript");
          facts.env.push({ line: line(node), name: key?.type === "string" ? key.text.replace(/^["']|["']$/g, "") : null });
        }
        break;
      case "comparison_operator": {
        const [l, r] = [node.namedChild(0), node.namedChild(1)];
        const op = node.children.find((c) => c && !c.isNamed)?.text ?? "";
        if (l && r && FLIP[op] !== undefined) {
          if (subject(l) && number(r) !== null) facts.comparisons.push({ line: line(node), subject: subject(l)!, operator: op, value: number(r)! });
          else if (subject(r) && number(l) !== null) facts.comparisons.push({ line: line(node), subject: subject(r)!, operator: FLIP[op]!, value: number(l)! });
        } else if (l && r && (op === "==" || op === "!=") && subject(l) && number(r) !== null) {
          facts.comparisons.push({ line: line(node), subject: subject(l)!, operator: op, value: number(r)! });
        }
        break;
      }
      case "except_clause":
        facts.catches.push({ line: line(node), handling: exceptHandling(node) });
        break;
      case "for_statement":
        facts.loops.push({ line: line(node), over: subject(node.childForFieldName("right") ?? node), nested: loopDepth > 0 });
        break;
      case "while_statement":
        facts.loops.push({ line: line(node), over: null, nested: loopDepth > 0 });
        break;
    }
    const inner = node.type === "for_statement" || node.type === "while_statement" ? loopDepth + 1 : loopDepth;
    for (const child of node.namedChildren) if (child) visit(child, inner);
  };
  visit(body, 0);
  // A bare `return` is an empty result only in a function that otherwise returns values.
  if (returnsValues) facts.emptyReturns.push(...bare);
  facts.emptyReturns.sort((a, b) => a.line - b.line);
  return facts;
}

function exceptHandling(node: Node): UnitFacts["catches"][number]["handling"] {
  const block = node.namedChildren.find((c) => c?.type === "block");
  const statements = block?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
  if (statements.length === 0 || statements.every((s) => s?.type === "pass_statement")) return "empty";
  const alias = node.namedChildren.find((c) => c?.type === "as_pattern")?.childForFieldName("alias")?.text ?? /\bas\s+(\w+)/.exec(node.text)?.[1] ?? null;
  const raises = block!.descendantsOfType("raise_statement").filter((r): r is Node => !!r);
  if (raises.some((r) => r.namedChildCount > 0 && !/\bfrom\b/.test(r.text) && r.text.trim() !== "raise")) return "rethrown-without-cause";
  if (raises.length === 0 && !(alias && new RegExp(`\\b${alias}\\b`).test(block!.text))) return "swallowed";
  return "handled";
}
