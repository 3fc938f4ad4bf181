export {
  WorkspaceReader,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_FILES,
  type WorkspaceFile,
  type WorkspaceSnapshot,
  type ScanOptions,
} from "./workspaceReader";
export { resolveInsideRoot, checkPathText, WorkspacePathError } from "./safePath";
export { DEFAULT_IGNORES, IgnoreRules } from "./ignoreRules";
export { classifyContent } from "./fileContent";
export { installFileBeacon, workingOn, type FileBeacon } from "./fileBeacon";
export { parseFile, languageOf, ParseCache, type ParsedFile, type Language, type ParseProblem } from "./parsedFile";
export { loadPythonParser, pythonParserProblem } from "./pythonParser";
export { readWorkspaceConfig, parseWorkspaceConfig, ConfigError, CONFIG_PATH } from "./workspaceConfig";
export { readCoverageReports, COVERAGE_REPORT_PATHS, type CoverageReportText } from "./coverageReports";
export { NpmAuditCache, lockfilesOf, parseAuditOutput, runNpmAudit } from "./npmAudit";
export { OsvAuditCache, runOsvAudit, osvEndpoint, DEFAULT_OSV_API, type OsvQuery } from "./osvAudit";
export type { AuditOutcome, AuditVulnerability, AuditAdvisory, AdvisorySource } from "./advisoryOutcome";
export { cloneRepo, pullRepo, parseRepoSpec, redactUrl, type RepoSpec } from "./repoCheckout";
