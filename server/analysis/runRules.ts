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
  /** How many (rule, file) results came from the cache of an unchanged file version. */
  cached: number;
}

// Results per parsed file version: ParseCache hands out the same object while the content is
// unchanged, so an unchanged file is never re-checked.
const resultCache = new WeakMap<ParsedFile, Map<string, Finding[]>>();

/** Runs a perspective's rules over parsed files; pure apart from the cache keyed by file version. */
export function runRules(rules: readonly Rule[], files: readonly ParsedFile[], config: AnalysisConfig, extras: RuleExtras = NO_EXTRAS): RuleRun {
  const active = rules.filter((r) => !config.disabledRules.includes(r.id));
  const run = runFileRules(active.filter((r): r is FileRule => !isWorkspaceRule(r)), files, config);
  for (const rule of active.filter(isWorkspaceRule)) runWorkspaceRule(rule, files, config, extras, run);
  return run;
}

function runWorkspaceRule(rule: WorkspaceRule, files: readonly ParsedFile[], config: AnalysisConfig, extras: RuleExtras, run: RuleRun): void {
  try {
    // All files: a workspace rule may need manifests and configs (package.json, tsconfig.json).
    const reports = rule.checkWorkspace(files, config, extras);
    const byFile = new Map<ParsedFile, RuleReport[]>();
    for (const { file, report } of reports) byFile.set(file, [...(byFile.get(file) ?? []), report]);
    for (const [file, fileReports] of byFile) run.findings.push(...toFindings(rule, file, fileReports));
  } catch (err) {
    run.skipped.push({ file: "*", reason: `rule ${rule.id} failed on the workspace: ${(err as Error).message}` });
  }
}

export function runFileRules(rules: readonly FileRule[], files: readonly ParsedFile[], config: AnalysisConfig): RuleRun {
  const configKey = JSON.stringify(config);
  const active = rules.filter((r) => !config.disabledRules.includes(r.id));
  const run: RuleRun = { findings: [], skipped: [], cached: 0 };
  for (const file of files) {
    let perFile = resultCache.get(file);
    if (!perFile) resultCache.set(file, (perFile = new Map()));
    for (const rule of active) {
      if (!rule.languages.includes(file.language)) continue;
      const key = `${rule.id}\u0000${configKey}`;
      const hit = perFile.get(key);
      if (hit) {
        run.cached++;
        run.findings.push(...hit);
        continue;
      }
      try {
        const findings = workingOn(file.file.path, () => toFindings(rule, file, rule.check({ file, facts: factsFor(file), config })));
        perFile.set(key, findings);
        run.findings.push(...findings);
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
