import * as ts from "typescript";
import { parsePython } from "../workspace/pythonParser";

/** Pure: the syntax errors in a piece of code, by its file's language; empty when it parses. */
export function syntaxProblems(file: string, code: string): string[] {
  if (file.endsWith(".json")) {
    try {
      JSON.parse(code);
      return [];
    } catch (err) {
      return [(err as Error).message];
    }
  }
  if (file.endsWith(".py")) {
    const tree = parsePython(code);
    if (!tree) return ["the Python parser is not loaded"];
    const bad = tree.rootNode.hasError;
    tree.delete();
    return bad ? ["Python syntax error"] : [];
  }
  const kind = /\.[cm]?tsx?$/.test(file) ? (file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, kind);
  const diagnostics = (source as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => `line ${source.getLineAndCharacterOfPosition(d.start).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}
