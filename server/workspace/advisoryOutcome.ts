/** What an advisory database said about one manifest's packages, in one shape for npm and PyPI. */

export interface AuditAdvisory {
  title: string;
  url: string;
  severity: string;
  range: string;
}

export interface AuditVulnerability {
  name: string;
  severity: string;
  isDirect: boolean;
  /** Advisories against this package itself (not inherited through a dependency). */
  advisories: AuditAdvisory[];
  fixAvailable: boolean;
}

export type AdvisorySource = "npm audit" | "OSV";

interface OutcomeBase {
  /** Folder of the manifest: the dependencies it governs are declared there. */
  dir: string;
  /** The file the outcome is about (a lockfile or a requirements file), relative to the root. */
  manifest: string;
  source: AdvisorySource;
}

/** One manifest's audit: what the database said, or why it could not be asked. */
export type AuditOutcome =
  | (OutcomeBase & {
      status: "ok";
      vulnerabilities: AuditVulnerability[];
      /** Declared packages whose version could not be known (not pinned), so were not asked about. */
      unchecked?: string[];
    })
  | (OutcomeBase & { status: "failed"; reason: string });
