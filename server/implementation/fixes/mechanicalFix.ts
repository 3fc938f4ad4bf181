import type { TaskContext } from "../taskContext";

/** A fix a rule's finding can take without judgement: the file's new text and what changed. */
export interface MechanicalFix {
  /** Which fix: shown to the user and recorded. */
  id: string;
  description: string;
  file: string;
  before: string;
  after: string;
}

export type FixMaker = (context: TaskContext) => MechanicalFix | null;

/** Offset of a 1-based line and column in a text (UTF-16 columns, as findings count). */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}
