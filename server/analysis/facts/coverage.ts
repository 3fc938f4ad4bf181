import * as path from "node:path";

/** One source file's coverage, whatever format it came from. */
export interface FileCoverage {
  /** Workspace-relative, with `/`. */
  file: string;
  /** Executable line → hit count. */
  lines: Map<number, number>;
  functions: { name: string; line: number; hits: number }[];
}

/** Pure: parses a coverage report by its format; paths are made relative to `root`. */
export function parseCoverageReport(reportPath: string, text: string, root: string): FileCoverage[] {
  if (reportPath.endsWith(".info")) return parseLcov(text, root);
  if (reportPath.endsWith(".json")) return parseIstanbul(text, root);
  if (reportPath.endsWith(".xml")) return parseCobertura(text, root);
  return [];
}

function relative(file: string, root: string): string {
  const rel = path.isAbsolute(file) ? path.relative(root, file) : path.normalize(file);
  return rel.split(path.sep).join("/").replace(/^\.\//, "");
}

export function parseLcov(text: string, root: string): FileCoverage[] {
  const out: FileCoverage[] = [];
  let current: FileCoverage | null = null;
  const fnLines = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const colon = line.indexOf(":");
    const key = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1);
    if (key === "SF") {
      current = { file: relative(value, root), lines: new Map(), functions: [] };
      fnLines.clear();
    } else if (!current) {
      continue;
    } else if (key === "FN") {
      const [lineNo, ...name] = value.split(",");
      fnLines.set(name.join(","), Number(lineNo));
    } else if (key === "FNDA") {
      const [hits, ...name] = value.split(",");
      const fname = name.join(",");
      current.functions.push({ name: fname, line: fnLines.get(fname) ?? 0, hits: Number(hits) });
    } else if (key === "DA") {
      const [lineNo, hits] = value.split(",");
      current.lines.set(Number(lineNo), Number(hits));
    } else if (key === "end_of_record") {
      out.push(current);
      current = null;
    }
  }
  return out;
}

interface IstanbulFile {
  path?: string;
  statementMap?: Record<string, { start: { line: number } }>;
  s?: Record<string, number>;
  fnMap?: Record<string, { name: string; decl?: { start: { line: number } }; loc?: { start: { line: number } } }>;
  f?: Record<string, number>;
}

export function parseIstanbul(text: string, root: string): FileCoverage[] {
  const data = JSON.parse(text) as Record<string, IstanbulFile>;
  return Object.entries(data).map(([key, entry]) => {
    const lines = new Map<number, number>();
    for (const [id, loc] of Object.entries(entry.statementMap ?? {})) {
      const hits = entry.s?.[id] ?? 0;
      lines.set(loc.start.line, Math.max(lines.get(loc.start.line) ?? 0, hits));
    }
    const functions = Object.entries(entry.fnMap ?? {}).map(([id, fn]) => ({
      name: fn.name,
      line: (fn.decl ?? fn.loc)?.start.line ?? 0,
      hits: entry.f?.[id] ?? 0,
    }));
    return { file: relative(entry.path ?? key, root), lines, functions };
  });
}

export function parseCobertura(text: string, root: string): FileCoverage[] {
  const sources = [...text.matchAll(/<source>([^<]*)<\/source>/g)].map((m) => m[1]!.trim());
  const out = new Map<string, FileCoverage>();
  for (const cls of text.matchAll(/<class\b([^>]*)>([\s\S]*?)<\/class>/g)) {
    const filename = /filename="([^"]*)"/.exec(cls[1]!)?.[1];
    if (!filename) continue;
    const base = sources.find((s) => path.isAbsolute(s)) ?? "";
    const file = relative(path.isAbsolute(filename) || !base ? filename : path.join(base, filename), root);
    const entry = out.get(file) ?? { file, lines: new Map<number, number>(), functions: [] };
    const body = cls[2]!;
    for (const method of body.matchAll(/<method\b([^>]*)>([\s\S]*?)<\/method>/g)) {
      const name = /name="([^"]*)"/.exec(method[1]!)?.[1] ?? "?";
      const hitsList = [...method[2]!.matchAll(/<line\b[^>]*number="(\d+)"[^>]*hits="(\d+)"/g)];
      entry.functions.push({ name, line: Number(hitsList[0]?.[1] ?? 0), hits: Math.max(0, ...hitsList.map((h) => Number(h[2]))) });
    }
    const withoutMethods = body.replace(/<methods>[\s\S]*?<\/methods>/g, "");
    for (const l of withoutMethods.matchAll(/<line\b[^>]*number="(\d+)"[^>]*hits="(\d+)"/g)) {
      entry.lines.set(Number(l[1]), Math.max(entry.lines.get(Number(l[1])) ?? 0, Number(l[2])));
    }
    out.set(file, entry);
  }
  return [...out.values()];
}
