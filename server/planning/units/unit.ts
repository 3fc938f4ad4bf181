/** What test planning knows about one testable unit: its surface and what its body does. */

export type UnitKind = "function" | "method" | "class" | "entry";
export type UnitLanguage = "typescript" | "javascript" | "python";

export interface UnitParam {
  name: string;
  /** As written (`string | null`, `int`), or null when untyped. */
  type: string | null;
  optional: boolean;
  rest: boolean;
  /** Source text of a default value. */
  defaultText: string | null;
}

/** Something the body does, at a line, under a condition when one guards it. */
export interface Located {
  line: number;
  /** The guarding condition as source text (`!(x > 1)` for an else branch), or null. */
  condition: string | null;
}

export interface UnitFacts {
  /** `throw` / `raise` sites; in an async function these reject the promise. */
  throws: (Located & { error: string | null; message: string | null })[];
  /** Explicit `null`/`undefined`/`None` returns, and rejections by `Promise.reject`. */
  emptyReturns: (Located & { value: string })[];
  rejects: (Located & { text: string })[];
  /** Every call: the callee as written (`fs.readFile`, `requests.get`) and the module it came from, if imported. */
  calls: { line: number; callee: string; module: string | null; literalArgs: boolean }[];
  /** Reads of the environment (`process.env.X`, `os.environ["X"]`). */
  env: { line: number; name: string | null }[];
  /** Comparisons of a parameter (or its property) with a number: boundaries. */
  comparisons: { line: number; subject: string; operator: string; value: number }[];
  /** `catch` / `except` blocks and what they do with the error. */
  catches: { line: number; handling: "empty" | "swallowed" | "rethrown-without-cause" | "handled" }[];
  /** Loops and iterating calls over a parameter (or anything, when `over` is null). */
  loops: { line: number; over: string | null; nested: boolean }[];
  /** String literals a user reads: console/print output, process exits, HTTP statuses. */
  userFacing: { line: number; kind: "message" | "exit-code" | "http-status" | "cli-argument"; text: string }[];
  /** Decision points (if, case, ternary, && / ||, loops, catch), as a complexity. */
  branches: number;
}

export interface Unit {
  /** Stable across unrelated edits: file and qualified name. Plan ids derive from it. */
  id: string;
  file: string;
  /** Qualified: `parse`, `Store.append`, `<module>` for an entry point. */
  name: string;
  kind: UnitKind;
  language: UnitLanguage;
  /** How a test reaches it: the export to import (`default` for a default export), and the class for a method. */
  access: { exportName: string; className: string | null; isStatic: boolean; commonjs: boolean };
  signature: string;
  params: UnitParam[];
  returnType: string | null;
  isAsync: boolean;
  /** Offsets of the declaration, for the range and for line lookups. */
  start: number;
  end: number;
  facts: UnitFacts;
}

export function emptyFacts(): UnitFacts {
  return { throws: [], emptyReturns: [], rejects: [], calls: [], env: [], comparisons: [], catches: [], loops: [], userFacing: [], branches: 1 };
}
