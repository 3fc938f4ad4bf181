import * as vscode from "vscode";
import { firstPassStep } from "./analyzeNowProgress";
import type { AnalysisProgress, ServerSession } from "./serverSession";

/**
 * The analysis worker's first pass of a large workspace, under a progress notification: the
 * server tells every subscriber how many files it has read, since that pass parses them all.
 * Cancel stops the analysis worker (the others go on); Start Worker… resumes it.
 */
export function registerFirstPassProgress(context: vscode.ExtensionContext, session: ServerSession): void {
  let open: ((p: AnalysisProgress) => void) | null = null;
  const show = (first: AnalysisProgress) =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Autocoder: first analysis of this workspace", cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          let shown = 0;
          const finish = () => {
            open = null;
            unwatch();
            resolve();
          };
          // A dropped connection ends the pass as far as this window can tell.
          const unwatch = session.onDidChange(() => session.state.kind !== "connected" && finish());
          open = (p) => {
            const step = firstPassStep(p);
            progress.report({ message: step.message, increment: Math.max(0, step.percent - shown) });
            shown = Math.max(shown, step.percent);
            if (step.done) finish();
          };
          open(first);
          token.onCancellationRequested(() => {
            finish();
            session.setWorkers(["analysis"], false).then(
              () => void vscode.window.showInformationMessage("Autocoder: the analysis worker is stopped; Autocoder: Start Worker… resumes it."),
              (err: Error) => void vscode.window.showErrorMessage(`Autocoder: could not stop the analysis worker: ${err.message}`),
            );
          });
        }),
    );
  const unsubscribe = session.onFirstPassProgress((p) => {
    if (open) open(p);
    else if (!firstPassStep(p).done) void show(p);
  });
  context.subscriptions.push({ dispose: unsubscribe });
}
