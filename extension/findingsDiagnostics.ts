import * as vscode from "vscode";
import type { Finding, Severity } from "../server/protocol";
import { diagnosticFindings } from "./findingsModel";
import type { ServerSession } from "./serverSession";
import { onFindingsInputs, severityFilter } from "./severityFilter";
import { editorRange, workspaceUri } from "./workspaceUri";

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function diagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(editorRange(f.range), f.message, SEVERITIES[f.severity]);
  d.source = "Autocoder";
  d.code = f.rule;
  return d;
}

/**
 * The findings in the Problems panel. Each push carries the whole set, so the collection is
 * replaced, not merged: a resolved finding disappears. Without a connection nothing is shown,
 * as stale problems would send people to fix what may already be fixed.
 */
export class FindingsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("autocoder");
  private readonly subscriptions: { dispose(): void }[] = [];
  private seen: { connected: boolean; push: unknown; filter: Severity } | null = null;

  constructor(private readonly session: ServerSession) {
    this.refresh();
    this.subscriptions.push(...onFindingsInputs(session, () => this.refresh()));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }

  private refresh(): void {
    const connected = this.session.state.kind === "connected";
    const push = this.session.findings;
    const filter = severityFilter();
    const seen = this.seen;
    if (seen && seen.connected === connected && seen.push === push && seen.filter === filter) return;
    this.seen = { connected, push, filter };
    this.collection.clear();
    if (!connected) return;
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const { segments, findings } of diagnosticFindings(push, filter).values()) {
      const uri = workspaceUri(segments);
      if (uri) entries.push([uri, findings.map(diagnostic)]);
    }
    this.collection.set(entries);
  }
}
