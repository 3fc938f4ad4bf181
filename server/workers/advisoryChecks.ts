import { pythonAuditQueries } from "../analysis/facts/pythonManifests";
import { NpmAuditCache, OsvAuditCache, lockfilesOf, type AuditOutcome, type ParsedFile, type WorkspaceSnapshot } from "../workspace";

/**
 * The advisory databases a dependencies step asks, each cached: npm audit for every
 * package-lock.json, OSV for pinned Python requirements. Both run at once; neither throws.
 */
export class AdvisoryChecks {
  private readonly npm = new NpmAuditCache();
  private readonly osv = new OsvAuditCache();

  async check(snapshot: WorkspaceSnapshot, parsed: readonly ParsedFile[]): Promise<AuditOutcome[]> {
    const [npm, osv] = await Promise.all([this.npm.audit(snapshot.root, lockfilesOf(snapshot)), this.osv.audit(pythonAuditQueries(parsed))]);
    return [...npm, ...osv];
  }
}
