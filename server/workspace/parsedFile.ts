import * as ts from "typescript";
import { workingOn } from "./fileBeacon";
import type { Tree } from "web-tree-sitter";
import { parsePython } from "./pythonParser";
import { mirrorTree, type PythonTree } from "./pythonTree";
import type { Position } from "../protocol";
import type { WorkspaceFile } from "./workspaceReader";

export type Language = "typescript" | "javascript" | "python" | "other";

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  ".ts": ts.ScriptKind.TS,
  ".mts": ts.ScriptKind.TS,
  ".cts": ts.ScriptKind.TS,
  ".tsx": ts.ScriptKind.TSX,
  ".js": ts.ScriptKind.JS,
  ".mjs": ts.ScriptKind.JS,
  ".cjs": ts.ScriptKind.JS,
  ".jsx": ts.ScriptKind.JSX,
};

const TYPESCRIPT_EXTENSIONS = new Set([".ts", ".mts", ".cts", ".tsx"]);

export interface ParseProblem {
  message: string;
  start: number;
}

/** One file version, parsed once and shared by every perspective. */
export interface ParsedFile {
  file: WorkspaceFile;
  language: Language;
  /** Present for TypeScript and JavaScript. */
  ts: ts.SourceFile | null;
  /** Present for Python once the parser is loaded (loadPythonParser): a plain-JS copy of the tree-sitter tree. */
  py: PythonTree | null;
  /** Syntax errors the parser recovered from; the tree is still usable around them. */
  problems: ParseProblem[];
  /** Offset → 1-based line and column (UTF-16 code units, as editors and SARIF count). */
  position(offset: number): Position;
}

export function languageOf(filePath: string): Language {
  const ext = extension(filePath);
  if (TYPESCRIPT_EXTENSIONS.has(ext)) return "typescript";
  if (ext in SCRIPT_KINDS) return "javascript";
  if (ext === ".py" || ext === ".pyi") return "python";
  return "other";
}

/** Pure: parses one file's text. TypeScript's parser never throws; it records what it recovered from. */
export function parseFile(file: WorkspaceFile): ParsedFile {
  const language = languageOf(file.path);
  const kind = SCRIPT_KINDS[extension(file.path)];
  const source = kind === undefined ? null : ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, kind);
  const lineStarts = source ? source.getLineStarts() : computeLineStarts(file.text);
  const diagnostics = source ? ((source as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []) : [];
  const tree = language === "python" ? parsePython(file.text) : null;
  const problems = diagnostics.map((d) => ({ message: ts.flattenDiagnosticMessageText(d.messageText, " "), start: d.start }));
  if (tree?.rootNode.hasError) problems.push(pythonSyntaxError(tree));
  // Everything later reads the copy; the wasm tree is freed now so its memory is reused by the
  // next parse instead of every tree of a snapshot living in the wasm heap at once.
  const py = tree ? mirrorTree(tree, file.text) : null;
  tree?.delete();
  return {
    file,
    language,
    ts: source,
    py,
    problems,
    position: (offset) => positionAt(lineStarts, offset),
  };
}

/**
 * Keeps each file version's parse keyed by content hash (and extension, which decides the
 * grammar), so an unchanged file is never parsed twice; versions no longer in the workspace
 * are dropped on `retain`.
 */
export class ParseCache {
  private entries = new Map<string, ParsedFile>();
  readonly stats = { parsed: 0 };

  get(file: WorkspaceFile): ParsedFile {
    const key = `${file.hash}:${file.path}`;
    let parsed = this.entries.get(key);
    if (!parsed) {
      parsed = workingOn(file.path, () => parseFile(file));
      this.stats.parsed++;
      this.entries.set(key, parsed);
    }
    return parsed;
  }

  /** Parses (or reuses) every file of a snapshot and forgets versions that are gone. */
  all(files: readonly WorkspaceFile[]): ParsedFile[] {
    const next = new Map<string, ParsedFile>();
    const result = files.map((file) => {
      const parsed = this.get(file);
      next.set(`${file.hash}:${file.path}`, parsed);
      return parsed;
    });
    this.entries = next;
    return result;
  }
}

function pythonSyntaxError(tree: Tree): ParseProblem {
  const stack = [tree.rootNode];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) {
      return { message: node.isMissing ? `missing ${node.type}` : "invalid syntax", start: node.startIndex };
    }
    if (node.hasError) for (let i = node.childCount - 1; i >= 0; i--) stack.push(node.child(i)!);
  }
  return { message: "invalid syntax", start: 0 };
}

function extension(filePath: string): string {
  const base = filePath.slice(filePath.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot).toLowerCase();
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function positionAt(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
