import type { WorkspaceFile } from "../workspace";

// Workspace texts cross to the analysis thread once per file version: copying every text for
// every job costs the event loop tens of milliseconds on a large workspace.

/** A file as it crosses to the thread: its text only when the thread does not hold that version yet. */
export type ThreadFile = Omit<WorkspaceFile, "text"> & { text: string | null };

export function versionKey(file: Pick<WorkspaceFile, "path" | "hash">): string {
  return `${file.path}\u0000${file.hash}`;
}

/** Puts back the texts a request left out, from the versions kept since the last one; keeps exactly this request's versions. */
export function filesWithTexts(files: readonly ThreadFile[], held: Map<string, string>): WorkspaceFile[] {
  const next = new Map<string, string>();
  const whole = files.map((f) => {
    const text = f.text ?? held.get(versionKey(f));
    if (text === undefined) throw new Error(`the analysis thread was sent ${f.path} without its text and does not hold that version; the next job sends every text`);
    next.set(versionKey(f), text);
    return { ...f, text };
  });
  held.clear();
  for (const [k, v] of next) held.set(k, v);
  return whole;
}
