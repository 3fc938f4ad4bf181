import { existsSync } from "node:fs";
import * as path from "node:path";
import { Language, Parser, type Tree } from "web-tree-sitter";

let parser: Parser | null = null;
let loading: Promise<void> | null = null;
let failure: string | null = null;

/**
 * Where the wasm files are: beside the bundle (dist/wasm, copied by the build, so a packaged
 * extension needs no node_modules), else in the installed packages.
 */
function wasmFile(name: string): string {
  const candidates = [path.join(__dirname, "wasm", name)];
  try {
    candidates.push(path.join(path.dirname(require.resolve("web-tree-sitter")), name));
    candidates.push(path.join(path.dirname(require.resolve("@vscode/tree-sitter-wasm/package.json")), "wasm", name));
  } catch {
    // not installed: only the bundled copies can serve
  }
  return candidates.find(existsSync) ?? candidates[0]!;
}

/** Loads tree-sitter and the Python grammar once; later calls return the same promise. Never rejects. */
export function loadPythonParser(): Promise<void> {
  loading ??= (async () => {
    try {
      await Parser.init({ locateFile: (name: string) => wasmFile(name) });
      const python = await Language.load(wasmFile("tree-sitter-python.wasm"));
      const p = new Parser();
      p.setLanguage(python);
      parser = p;
    } catch (err) {
      failure = `the Python parser could not be loaded: ${(err as Error).message}`;
    }
  })();
  return loading;
}

/** Why Python files are not parsed, or null when they are. */
export function pythonParserProblem(): string | null {
  if (parser) return null;
  return failure ?? "the Python parser is not loaded yet";
}

/** Parses Python text with the loaded grammar; null when the parser is not available. */
export function parsePython(text: string): Tree | null {
  return parser ? parser.parse(text) : null;
}
