import type { AnalysisProgress } from "./serverSession";

/**
 * The progress notification's line for a server report: which perspective, how many of the
 * six, and how many of the workspace's files it has read so far. `percent` is how far the
 * whole run is: each perspective is an equal share, filled as its files are read.
 */
export function analyzeNowStep(p: AnalysisProgress): { message: string; percent: number } {
  const filesShare = p.files_total > 0 ? Math.min(1, p.files_done / p.files_total) : 0;
  const finished = p.perspectives_done >= p.perspectives_total;
  const percent = finished ? 100 : Math.round(((p.perspectives_done + filesShare) / p.perspectives_total) * 1000) / 10;
  const files = p.files_total > 0 ? ` · ${p.files_done} / ${p.files_total} files` : "";
  const failed = p.failed.length ? ` · ${p.failed.length} failed` : "";
  const message = finished
    ? `${p.perspectives_total} of ${p.perspectives_total} perspectives${files}${failed}`
    : `${p.perspective.name} (${p.perspectives_done + 1} of ${p.perspectives_total})${files}${failed}`;
  return { message, percent };
}

/** What the user is told when the run is over. */
export function analyzeNowSummary(findings: number, last: AnalysisProgress | null): string {
  const perspectives = last ? `${last.perspectives_done} perspective${last.perspectives_done === 1 ? "" : "s"}` : "the perspectives";
  const files = last?.files_total ? ` over ${last.files_total} file${last.files_total === 1 ? "" : "s"}` : "";
  const head = `Autocoder: Analyze Now ran ${perspectives}${files}: ${findings} finding${findings === 1 ? "" : "s"}.`;
  return last?.failed.length ? `${head} Failed: ${last.failed.join("; ")}.` : head;
}

/** A first-pass report as the notification shows it: the perspective, files read of the total, how far. Pure. */
export function firstPassStep(p: AnalysisProgress): { message: string; percent: number; done: boolean } {
  const done = p.perspectives_done >= p.perspectives_total;
  const percent = done ? 100 : p.files_total > 0 ? Math.round((Math.min(p.files_done, p.files_total) / p.files_total) * 1000) / 10 : 0;
  return { message: `${p.perspective.name} · ${p.files_done} / ${p.files_total} files`, percent, done };
}
