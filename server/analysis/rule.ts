import type { Severity, TextEdit } from "../protocol";
import type { AuditOutcome, CoverageReportText, Language, ParsedFile } from "../workspace";
import type { AnalysisConfig } from "./analysisConfig";
import type { FileFacts } from "./facts/fileFacts";

export interface RuleContext {
  file: ParsedFile;
  facts: FileFacts;
  config: AnalysisConfig;
}

/** What a rule reports; the engine turns it into a located Finding with a stable id. */
export interface RuleReport {
  /** Names the thing reported (a function path, a note's text), never a line number, so ids survive edits. */
  anchor: string;
  /** Offsets into the file's text. */
  start: number;
  end: number;
  severity: Severity;
  message: string;
  evidence?: string;
  suggestion?: string;
  fix?: { edits: TextEdit[] };
  data?: Record<string, unknown>;
}

/** One rule, one file: a pure function of one parsed file (and its facts) to reports. */
export interface FileRule {
  id: string;
  perspective: string;
  description: string;
  languages: readonly Language[];
  check(ctx: RuleContext): RuleReport[];
}

/** A rule that needs every file at once (copy-paste across files, the import graph); it gets them all and picks. */
export interface WorkspaceRule {
  id: string;
  perspective: string;
  description: string;
  languages: readonly Language[];
  checkWorkspace(files: readonly ParsedFile[], config: AnalysisConfig, extras: RuleExtras): { file: ParsedFile; report: RuleReport }[];
}

/** What the worker layer read besides the workspace's files, for the rules that need it. */
export interface RuleExtras {
  /** Absolute real path of the workspace root (reports name files absolutely). */
  root: string;
  coverageReports: readonly CoverageReportText[];
  /** npm audit's answer per lockfile, when the worker layer asked. */
  audits: readonly AuditOutcome[];
}

export const NO_EXTRAS: RuleExtras = { root: "", coverageReports: [], audits: [] };

export type Rule = FileRule | WorkspaceRule;

export function isWorkspaceRule(rule: Rule): rule is WorkspaceRule {
  return "checkWorkspace" in rule;
}
