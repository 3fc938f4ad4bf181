import type { Finding, SkippedFile } from "../protocol";
import type { ParsedFile } from "../workspace";
import { workingOn } from "../workspace/fileBeacon";
import type { AnalysisConfig } from "./analysisConfig";
import { factsFor } from "./facts/fileFacts";
import { holdsSecretFragment, scrub, type SecretHit } from "./facts/secrets";
import { fnv1a } from "./facts/tokens";
import { NO_EXTRAS, isWorkspaceRule, type FileRule, type Rule, type RuleExtras, type RuleReport, type WorkspaceRule } from "./rule";

export interface RuleRun {
  findings: Finding[];
  /** Files a rule failed on: reported, never silently dropped; the other files still count. */
  skipped: SkippedFile[];
  /** How many results came from a cache: a file rule on an unchanged file version, or a workspace rule on an unchanged workspace. */
  cached: number;
}

// Results per parsed file version: ParseCache hands out the same object while the content is
// unchanged, so an unchanged file is never re-checked. Keyed by the config's JSON first: that one
// string (its hash computed once) is looked up per file, not a rule-and-config string per pair.
const resultCache = new WeakMap<ParsedFile, Map<string, Map<FileRule, Finding[]>>>();

// What a workspace rule's reports on one file became: a rule that hands back the same report
// objects for an unchanged file version (its own per-version memo) costs no assembly again
// (positions, suppressions, secret scrubbing, id ranks). Keyed by the file version too: the same
// reports against a new version of their file (new suppressions, new secrets) are assembled afresh.
const assembled = new WeakMap<ParsedFile, Map<Rule, { reports: RuleReport[]; findings: Finding[] }>>();

// A workspace rule's last outcome and what it was computed from: the same file versions, config
// and extras give the same findings, so a re-run of an unchanged tree does none of its work.
interface WorkspaceOutcome {
  files: readonly ParsedFile[];
  configKey: string;
  extras: RuleExtras;
  findings: Finding[];
  skipped: SkippedFile[];
}
const lastOutcome = new WeakMap<WorkspaceRule, WorkspaceOutcome>();

/** Runs a perspective's rules over parsed files; pure apart from the caches keyed by file version. */
export function runRules(rules: readonly Rule[], files: readonly ParsedFile[], config: AnalysisConfig, extras: RuleExtras = NO_EXTRAS): RuleRun {
  const active = rules.filter((r) => !config.disabledRules.includes(r.id));
  const configKey = JSON.stringify(config);
  const run = runFileRules(active.filter((r): r is FileRule => !isWorkspaceRule(r)), files, config, configKey);
  for (const rule of active.filter(isWorkspaceRule)) runWorkspaceRule(rule, files, config, configKey, extras, run);
  return run;
}

function runWorkspaceRule(rule: WorkspaceRule, files: readonly ParsedFile[], config: AnalysisConfig, configKey: string, extras: RuleExtras, run: RuleRun): void {
  const last = lastOutcome.get(rule);
  if (last && last.configKey === configKey && sameVersions(last.files, files) && sameExtras(last.extras, extras)) {
    run.cached++;
    for (const finding of last.findings) run.findings.push(finding);
    run.skipped.push(...last.skipped);
    return;
  }
  const outcome: WorkspaceOutcome = { files: [...files], configKey, extras, findings: [], skipped: [] };
  try {
    // All files: a workspace rule may need manifests and configs (package.json, tsconfig.json).
    const reports = rule.checkWorkspace(files, config, extras);
    // Grouped by file, files in the order they first appear.
    const byFile = new Map<ParsedFile, RuleReport[]>();
    for (const { file, report } of reports) {
      const fileReports = byFile.get(file);
      if (fileReports) fileReports.push(report);
      else byFile.set(file, [report]);
    }
    for (const [file, fileReports] of byFile) for (const finding of findingsOf(rule, file, fileReports)) outcome.findings.push(finding);
  } catch (err) {
    outcome.findings = [];
    outcome.skipped.push({ file: "*", reason: `rule ${rule.id} failed on the workspace: ${(err as Error).message}` });
  }
  lastOutcome.set(rule, outcome);
  for (const finding of outcome.findings) run.findings.push(finding);
  run.skipped.push(...outcome.skipped);
}

function findingsOf(rule: Rule, file: ParsedFile, reports: RuleReport[]): Finding[] {
  let byRule = assembled.get(file);
  if (!byRule) assembled.set(file, (byRule = new Map()));
  const known = byRule.get(rule);
  if (known && known.reports.length === reports.length && known.reports.every((r, i) => r === reports[i])) return known.findings;
  const findings = toFindings(rule, file, reports);
  byRule.set(rule, { reports, findings });
  return findings;
}

function sameVersions(a: readonly ParsedFile[], b: readonly ParsedFile[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Coverage reports and audits arrive as fresh objects each iteration (from a worker thread): compared by content. */
function sameExtras(a: RuleExtras, b: RuleExtras): boolean {
  if (a === b) return true;
  if (a.root !== b.root || a.coverageReports.length !== b.coverageReports.length || a.audits.length !== b.audits.length) return false;
  const sameReports = a.coverageReports.every((r, i) => {
    const o = b.coverageReports[i]!;
    return r.path === o.path && r.mtimeMs === o.mtimeMs && r.text === o.text;
  });
  return sameReports && (a.audits.length === 0 || JSON.stringify(a.audits) === JSON.stringify(b.audits));
}

export function runFileRules(rules: readonly FileRule[], files: readonly ParsedFile[], config: AnalysisConfig, configKey = JSON.stringify(config)): RuleRun {
  const active = rules.filter((r) => !config.disabledRules.includes(r.id));
  const run: RuleRun = { findings: [], skipped: [], cached: 0 };
  for (const file of files) {
    let byConfig = resultCache.get(file);
    if (!byConfig) resultCache.set(file, (byConfig = new Map()));
    let perFile = byConfig.get(configKey);
    if (!perFile) byConfig.set(configKey, (perFile = new Map()));
    for (const rule of active) {
      if (!rule.languages.includes(file.language)) continue;
      const hit = perFile.get(rule);
      if (hit) {
        run.cached++;
        for (const finding of hit) run.findings.push(finding);
        continue;
      }
      try {
        const findings = workingOn(file.file.path, () => toFindings(rule, file, rule.check({ file, facts: factsFor(file), config })));
        perFile.set(rule, findings);
        for (const finding of findings) run.findings.push(finding);
      } catch (err) {
        run.skipped.push({ file: file.file.path, reason: `rule ${rule.id} failed on this file: ${(err as Error).message}` });
      }
    }
  }
  return run;
}

function toFindings(rule: Rule, file: ParsedFile, reports: RuleReport[]): Finding[] {
  const suppressions = reports.length ? factsFor(file).suppressions : null;
  const findings: Finding[] = [];
  // Ids key the tree views, baselines and pushed changes, so they must be unique: a rule may
  // report one anchor twice in a file (the same block copied three times), and the later
  // reports get their rank, in report order, so ids stay stable while the file is unchanged.
  const anchors = new Map<string, number>();
  for (const report of reports) {
    const start = file.position(report.start);
    const silenced = suppressions?.get(start.line);
    if (silenced && (silenced.size === 0 || silenced.has(rule.id))) continue;
    const seen = (anchors.get(report.anchor) ?? 0) + 1;
    anchors.set(report.anchor, seen);
    const finding: Finding = {
      id: `${rule.id}:${file.file.path}:${report.anchor}${seen > 1 ? `#${seen}` : ""}`,
      perspective: rule.perspective,
      rule: rule.id,
      severity: report.severity,
      file: file.file.path,
      range: { start, end: file.position(Math.max(report.start, report.end)) },
      message: report.message,
    };
    if (report.evidence !== undefined) finding.evidence = report.evidence;
    if (report.suggestion !== undefined) finding.suggestion = report.suggestion;
    if (report.fix !== undefined) finding.fix = report.fix;
    if (report.data !== undefined) finding.data = report.data;
    findings.push(withoutSecrets(finding, factsFor(file).secrets));
  }
  return findings;
}

/**
 * A secret's value never leaves the analyzer: whatever rule reported a line that holds one
 * (a TODO beside a key, a duplicated block), its text fields show the secret redacted.
 */
function withoutSecrets(finding: Finding, secrets: readonly SecretHit[]): Finding {
  if (secrets.length === 0) return finding;
  const text = (value: string, withheld: string) => {
    const scrubbed = scrub(value, secrets);
    return holdsSecretFragment(scrubbed, secrets) ? withheld : scrubbed;
  };
  const json = <T>(value: T): T | undefined => {
    const scrubbed = scrub(JSON.stringify(value), secrets);
    return holdsSecretFragment(scrubbed, secrets) ? undefined : (JSON.parse(scrubbed) as T);
  };
  const clean: Finding = { ...finding, message: text(finding.message, `${finding.rule}: (the text holds a secret and is not shown)`) };
  // Ids carry names and note texts; one that holds a secret becomes a hash of itself.
  const id = scrub(finding.id, secrets);
  clean.id = holdsSecretFragment(id, secrets) ? `${finding.rule}:${finding.file}:${fnv1a(finding.id).toString(16)}` : id;
  if (finding.evidence !== undefined) clean.evidence = text(finding.evidence, "(the line holds a secret and is not shown)");
  if (finding.suggestion !== undefined) clean.suggestion = text(finding.suggestion, "");
  const data = finding.data === undefined ? undefined : json(finding.data);
  if (data === undefined) delete clean.data;
  else clean.data = data;
  const fix = finding.fix === undefined ? undefined : json(finding.fix);
  if (fix === undefined) delete clean.fix;
  else clean.fix = fix;
  return clean;
}
