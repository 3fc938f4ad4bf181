import * as vscode from "vscode";
import { analyzeNowStep, analyzeNowSummary } from "./analyzeNowProgress";
import type { AnalysisProgress, ServerSession } from "./serverSession";

/** What Analyze Now did, returned by its command for callers that are not a person (tests, other extensions). */
export type AnalyzeNowOutcome = { outcome: "done"; findings: number; failed: string[] } | { outcome: "cancelled"; reason: string } | { outcome: "failed"; reason: string };

/**
 * Autocoder: Analyze Now — the server runs the six analysis perspectives at once, under a
 * progress notification with the perspective and the files read; Cancel asks the server to
 * stop before its next perspective (what ran stays stored and shown).
 */
export function registerAnalyzeNow(context: vscode.ExtensionContext, session: ServerSession): void {
  context.subscriptions.push(
    vscode.commands.registerCommand("autocoder.analyzeNow", async (): Promise<AnalyzeNowOutcome> => {
      const why = session.whyUnavailable() ?? session.whyReadOnly();
      if (why) {
        void vscode.window.showErrorMessage(`Autocoder: cannot analyze now: ${why}`);
        return { outcome: "failed", reason: why };
      }
      let last: AnalysisProgress | null = null;
      let cancelled = false;
      try {
        const push = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: "Autocoder: Analyze Now", cancellable: true },
          (progress, token) => {
            token.onCancellationRequested(() => {
              cancelled = true;
              session.cancelAnalysis().catch((err: Error) => void vscode.window.showErrorMessage(`Autocoder: could not cancel: ${err.message}`));
            });
            let shown = 0;
            return session.analyzeNow((p) => {
              last = p;
              const step = analyzeNowStep(p);
              progress.report({ message: step.message, increment: Math.max(0, step.percent - shown) });
              shown = Math.max(shown, step.percent);
            });
          },
        );
        const failed = (last as AnalysisProgress | null)?.failed ?? [];
        const summary = analyzeNowSummary(push.findings.length, last);
        if (failed.length) void vscode.window.showWarningMessage(summary);
        else void vscode.window.showInformationMessage(summary);
        return { outcome: "done", findings: push.findings.length, failed };
      } catch (err) {
        const reason = (err as Error).message;
        if (cancelled) {
          void vscode.window.showInformationMessage(`Autocoder: ${reason}.`);
          return { outcome: "cancelled", reason };
        }
        void vscode.window.showErrorMessage(`Autocoder: Analyze Now failed: ${reason}`);
        return { outcome: "failed", reason };
      }
    }),
  );
}
