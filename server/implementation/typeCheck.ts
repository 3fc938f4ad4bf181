import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";

export type TypeCheck =
  | { checked: true; config: string; errors: TypeError[] }
  | { checked: false; reason: string };

export interface TypeError {
  line: number;
  code: number;
  message: string;
}

type FileSystemEntries = { files: readonly string[]; directories: readonly string[] };
/** TypeScript's own include/exclude matcher (internal in 6.0, present at run time): the one `tsc` applies. */
type MatchFiles = (dir: string, extensions: readonly string[] | undefined, excludes: readonly string[] | undefined, includes: readonly string[] | undefined, caseSensitive: boolean, cwd: string, depth: number | undefined, entries: (p: string) => FileSystemEntries, realpath: (p: string) => string) => string[];

/**
 * Type-checks one file's text as part of the project, with the nearest tsconfig.json between
 * the file and the workspace root, as if the file were on disk: the project's own include,
 * exclude, paths and types apply. Checks only what the project type-checks — a file its config
 * does not include, or JavaScript without `checkJs`, is reported as not checked with the reason.
 * Reads the disk (the config, the project's files, its node_modules types); runs nothing.
 */
export function typeCheck(root: string, file: string, code: string): TypeCheck {
  const absolute = path.join(root, file);
  const configPath = nearestConfig(root, path.dirname(absolute));
  if (!configPath) return { checked: false, reason: "no tsconfig.json between it and the workspace root: the project does not type-check it" };
  const libDir = libDirectory(root);
  if (!libDir) return { checked: false, reason: "no TypeScript lib files to check with (install typescript in the workspace)" };
  const matchFiles = (ts as unknown as { matchFiles?: MatchFiles }).matchFiles;
  if (!matchFiles) return { checked: false, reason: "this TypeScript has no file matcher to apply the config's include with" };
  const caseSensitive = ts.sys.useCaseSensitiveFileNames;
  const entries = (dir: string): FileSystemEntries => {
    const files: string[] = [];
    const directories: string[] = [];
    try {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          try {
            const s = statSync(path.join(dir, e.name));
            isDir = s.isDirectory();
            isFile = s.isFile();
          } catch {
            continue;
          }
        }
        if (isDir) directories.push(e.name);
        else if (isFile) files.push(e.name);
      }
    } catch {
      // An unreadable folder holds nothing for the config.
    }
    if (path.resolve(dir) === path.dirname(absolute) && !files.includes(path.basename(absolute))) files.push(path.basename(absolute));
    return { files, directories };
  };
  const configHost: ts.ParseConfigFileHost = {
    ...ts.sys,
    useCaseSensitiveFileNames: caseSensitive,
    readDirectory: (dir, extensions, excludes, includes, depth) => matchFiles(dir, extensions, excludes, includes, caseSensitive, path.dirname(configPath), depth, entries, (p) => p),
    onUnRecoverableConfigFileDiagnostic: () => {},
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, configHost);
  const configName = path.relative(root, configPath).split(path.sep).join("/");
  if (!parsed) return { checked: false, reason: `${configName} could not be read` };
  const normalized = path.resolve(absolute);
  if (/\.[cm]?jsx?$/.test(file) && !parsed.options.checkJs) return { checked: false, reason: `${configName} does not type-check JavaScript (no checkJs)` };
  if (!parsed.fileNames.some((f) => path.resolve(f) === normalized)) return { checked: false, reason: `${configName} does not include ${file}: the project does not type-check it` };
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, incremental: false, composite: false, declaration: false, tsBuildInfoFile: undefined };
  const host = ts.createCompilerHost(options, true);
  host.getDefaultLibLocation = () => libDir;
  host.getDefaultLibFileName = (o) => path.join(libDir, ts.getDefaultLibFileName(o));
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (path.resolve(f) === normalized ? code : readFile(f));
  host.fileExists = (f) => path.resolve(f) === normalized || fileExists(f);
  host.getSourceFile = (f, language, onError, create) => (path.resolve(f) === normalized ? ts.createSourceFile(f, code, language, true) : getSourceFile(f, language, onError, create));
  const program = ts.createProgram({ rootNames: parsed.fileNames, options, host });
  const source = program.getSourceFiles().find((s) => path.resolve(s.fileName) === normalized);
  if (!source) return { checked: false, reason: `${file} did not load into the program` };
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return {
    checked: true,
    config: configName,
    errors: diagnostics
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => ({ line: d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, " ") })),
  };
}

function nearestConfig(root: string, dir: string): string | null {
  const top = path.resolve(root);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "tsconfig.json");
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // None here: one folder up.
    }
    if (d === top || path.dirname(d) === d || !d.startsWith(top)) return null;
  }
}

/** The lib .d.ts folder of the workspace's TypeScript, else of the one this server runs with. */
function libDirectory(root: string): string | null {
  for (const from of [path.join(root, "package.json"), __filename]) {
    try {
      const dir = path.dirname(createRequire(from).resolve("typescript"));
      statSync(path.join(dir, "lib.es5.d.ts"));
      return dir;
    } catch {
      // Not there: try the next place.
    }
  }
  return null;
}
