import type { PythonNode as Node } from "../../../workspace/pythonTree";
import { isPythonLiteral } from "../../facts/pythonCalls";
import { pythonLoopContext } from "../../facts/pythonLoops";
import type { FileRule, RuleReport } from "../../rule";

function report(node: Node, anchor: string, seen: Map<string, number>, fields: Omit<RuleReport, "anchor" | "start" | "end" | "evidence">): RuleReport {
  const n = (seen.get(anchor) ?? 0) + 1;
  seen.set(anchor, n);
  const text = node.text.replace(/\s+/g, " ");
  return { anchor: n === 1 ? anchor : `${anchor}#${n}`, start: node.startIndex, end: node.endIndex, evidence: text.length > 160 ? `${text.slice(0, 159)}…` : text, ...fields };
}

/** Names a function assigns a string to (`s = ""`, `out = f"…"`, `s: str = …`): what `+=` then grows. */
function stringVariables(fn: Node | null, root: Node): Set<string> {
  const names = new Set<string>();
  const scope = fn ?? root;
  for (const a of scope.descendantsOfType("assignment")) {
    const left = a?.childForFieldName("left");
    const right = a?.childForFieldName("right");
    const type = a?.childForFieldName("type")?.text;
    if (left?.type === "identifier" && (right?.type === "string" || type === "str")) names.add(left.text);
  }
  return names;
}

/** `s += …` on a string inside a loop: quadratic, since every `+=` copies the whole string. */
export const pythonStringConcatInLoop: FileRule = {
  id: "string-concat-in-loop",
  perspective: "performance",
  description: "Python strings grown with += inside loops.",
  languages: ["python"],
  check({ file }) {
    const ctx = pythonLoopContext(file);
    const tree = file.py;
    if (!ctx || !tree) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    const byFn = new Map<Node | null, Set<string>>();
    for (const { node, fn } of ctx.augmented) {
      const op = node.childForFieldName("operator")?.text;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      if (op !== "+=" || left?.type !== "identifier") continue;
      let strings = byFn.get(fn);
      if (!strings) byFn.set(fn, (strings = stringVariables(fn, tree.rootNode)));
      if (!strings.has(left.text) && right?.type !== "string") continue;
      out.push(report(node, left.text, seen, {
        severity: "warning",
        message: `'${left.text} +=' inside a loop copies the whole string on every iteration: quadratic in the number of pieces.`,
        suggestion: `Collect the pieces in a list and join once after the loop: parts.append(…); ${left.text} = "".join(parts).`,
        data: { variable: left.text },
      }));
    }
    return out;
  },
};

/** `await` inside a loop of an async function: independent awaits run one after another. */
export const pythonAwaitInLoop: FileRule = {
  id: "await-in-loop",
  perspective: "performance",
  description: "await inside for/while loops in Python coroutines.",
  languages: ["python"],
  check({ file }) {
    const ctx = pythonLoopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    return ctx.awaits
      .filter(({ loops }) => loops[0]?.type === "for_statement")
      .map(({ node }) =>
        report(node, node.namedChild(0)?.type === "call" ? (node.namedChild(0)!.childForFieldName("function")?.text ?? "await") : "await", seen, {
          severity: "info",
          message: "await inside a for loop runs each iteration's I/O after the previous one finishes.",
          suggestion: "When the iterations are independent, start them together: await asyncio.gather(*(work(x) for x in items)).",
          data: {},
        }),
      );
  },
};

/** re.compile with a fixed pattern, and json.loads(json.dumps(…)) copies, inside loops. */
export const pythonRebuiltInLoop: FileRule = {
  id: "rebuilt-in-loop",
  perspective: "performance",
  description: "re.compile of a literal pattern and json round-trip copies inside Python loops.",
  languages: ["python"],
  check({ file }) {
    const ctx = pythonLoopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node } of ctx.calls) {
      const callee = node.childForFieldName("function")?.text;
      const args = node.childForFieldName("arguments")?.namedChildren.filter((a): a is Node => !!a) ?? [];
      if (callee === "re.compile" && isPythonLiteral(args[0])) {
        out.push(report(node, "re.compile", seen, { severity: "info", message: "re.compile with a fixed pattern inside a loop compiles (or looks up) the same expression on every iteration.", suggestion: "Compile it once at module level and reuse the pattern object.", data: { construct: "re.compile" } }));
      } else if (callee === "json.loads" && args[0]?.type === "call" && args[0].childForFieldName("function")?.text === "json.dumps") {
        out.push(report(node, "json-clone", seen, { severity: "info", message: "json.loads(json.dumps(…)) inside a loop serialises and re-parses a whole object on every iteration.", suggestion: "Use copy.deepcopy only where needed, copy just what changes, or hoist the copy out of the loop.", data: { construct: "JSON clone" } }));
      }
    }
    return out;
  },
};
