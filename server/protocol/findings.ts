import { z } from "zod";

// Lines and columns are 1-based, `file` is relative to the workspace root with `/`.
export const Position = z.object({ line: z.number().int().min(1), column: z.number().int().min(1) });
export type Position = z.infer<typeof Position>;
export const Range = z.object({ start: Position, end: Position });
export type Range = z.infer<typeof Range>;

export const TextEdit = z.object({
  range: Range,
  newText: z.string(),
  /** The text the range held when the edit was made: a client applies the edit only where the file still holds it. */
  oldText: z.string().optional(),
});
export type TextEdit = z.infer<typeof TextEdit>;

export const Severity = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  id: z.string().min(1),
  perspective: z.string().min(1),
  rule: z.string().min(1),
  severity: Severity,
  file: z.string(),
  range: Range,
  message: z.string(),
  evidence: z.string().optional(),
  suggestion: z.string().optional(),
  fix: z.object({ edits: z.array(TextEdit) }).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type Finding = z.infer<typeof Finding>;

export const SkippedFile = z.object({ file: z.string(), reason: z.string() });
export type SkippedFile = z.infer<typeof SkippedFile>;
