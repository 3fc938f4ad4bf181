import type { ParsedFile } from "../../../workspace";
import { winnow, type Fingerprints } from "../../facts/fingerprints";
import { fnv1a, tokenize, type TokenStream } from "../../facts/tokens";
import type { RuleReport, WorkspaceRule } from "../../rule";

/** Winnowing window: with it, every copy of at least `duplicateTokens` tokens is found. */
const WINNOW = 8;
const FILE_SLOTS = 2 ** 22;
const CLOSERS = new Set([";", ",", "}", ")", "]"]); // token positions per file in a packed (file, token) number

const tokenCache = new WeakMap<ParsedFile, TokenStream>();
const printCache = new WeakMap<ParsedFile, Map<number, Fingerprints>>();

function tokensOf(file: ParsedFile): TokenStream {
  let tokens = tokenCache.get(file);
  if (!tokens) tokenCache.set(file, (tokens = tokenize(file)));
  return tokens;
}

function printsOf(file: ParsedFile, k: number): Fingerprints {
  let byK = printCache.get(file);
  if (!byK) printCache.set(file, (byK = new Map()));
  let prints = byK.get(k);
  if (!prints) byK.set(k, (prints = winnow(tokensOf(file), k, WINNOW)));
  return prints;
}

/**
 * Copy-pasted blocks across (and within) files, compared token by token as jscpd does. Each
 * copy is reported once, in the later file, pointing at the first occurrence. Tokens and
 * fingerprints are kept per file version, so only changed files are tokenized again.
 */
export const duplicateCode: WorkspaceRule = {
  id: "duplicate-code",
  perspective: "code-quality",
  description: "Blocks of at least 50 tokens and 5 lines that appear more than once.",
  languages: ["typescript", "javascript"],
  checkWorkspace(all, config) {
    const files = all.filter((f) => f.ts !== null);
    // An unchanged workspace (the same file versions, the same limits) has the same copies.
    const key = `${config.thresholds.duplicateTokens}:${config.thresholds.duplicateLines}`;
    if (lastRun && lastRun.key === key && sameFiles(lastRun.files, files)) return lastRun.result;
    const result = findCopies(files, config.thresholds.duplicateTokens, config.thresholds.duplicateLines);
    lastRun = { key, files: [...files], result };
    return result;
  },
};

let lastRun: { key: string; files: ParsedFile[]; result: { file: ParsedFile; report: RuleReport }[] } | null = null;

function sameFiles(a: readonly ParsedFile[], b: readonly ParsedFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function findCopies(files: readonly ParsedFile[], minTokens: number, minLines: number): { file: ParsedFile; report: RuleReport }[] {
  const k = Math.max(1, minTokens - WINNOW + 1);
  const streams = files.map(tokensOf);
  const first = new Map<number, number>();
  const out: { file: ParsedFile; report: RuleReport }[] = [];

  files.forEach((file, fb) => {
    const b = streams[fb]!;
    const prints = printsOf(file, k);
    let coveredUntil = 0;
    for (let p = 0; p < prints.hashes.length; p++) {
      const hash = prints.hashes[p]!;
      const pos = prints.positions[p]!;
      const prior = first.get(hash);
      if (prior === undefined) {
        first.set(hash, fb * FILE_SLOTS + pos);
        continue;
      }
      if (pos < coveredUntil) continue;
      const fa = Math.floor(prior / FILE_SLOTS);
      const ia = prior % FILE_SLOTS;
      const a = streams[fa]!;
      if (!sameTokens(a, ia, b, pos, k)) continue; // a hash collision
      // Grow the shared run both ways; within one file the two copies must not overlap.
      let startA = ia;
      let startB = pos;
      while (startA > 0 && startB > coveredUntil && a.texts[startA - 1] === b.texts[startB - 1]) {
        startA--;
        startB--;
      }
      // A shared `;` or `}` ending the code before the copy is not part of the copy.
      while (startB < pos && CLOSERS.has(b.texts[startB]!)) {
        startA++;
        startB++;
      }
      let length = pos - startB + k;
      while (
        startB + length < b.texts.length &&
        startA + length < a.texts.length &&
        a.texts[startA + length] === b.texts[startB + length] &&
        (fa !== fb || startA + length < startB)
      ) {
        length++;
      }
      if (fa === fb && startA + length > startB) continue;
      const firstLine = file.position(b.starts[startB]!).line;
      const lastLine = file.position(b.ends[startB + length - 1]!).line;
      if (length < minTokens || lastLine - firstLine + 1 < minLines) continue;
      coveredUntil = startB + length;
      const clone = { original: { file: files[fa]!, tokens: a, start: startA }, copy: { file, tokens: b, start: startB }, length };
      out.push({ file, report: report(clone, firstLine, lastLine) });
    }
  });
  return out;
}

function sameTokens(a: TokenStream, ia: number, b: TokenStream, ib: number, k: number): boolean {
  for (let i = 0; i < k; i++) if (a.texts[ia + i] !== b.texts[ib + i]) return false;
  return true;
}

interface Occurrence {
  file: ParsedFile;
  tokens: TokenStream;
  /** Index of the first shared token. */
  start: number;
}

function report(clone: { original: Occurrence; copy: Occurrence; length: number }, firstLine: number, lastLine: number): RuleReport {
  const { original: o, copy: c, length } = clone;
  const [original, a, startA] = [o.file, o.tokens, o.start];
  const [copy, b, startB] = [c.file, c.tokens, c.start];
  const otherFirst = original.position(a.starts[startA]!).line;
  const otherLast = original.position(a.ends[startA + length - 1]!).line;
  const where = original === copy ? "earlier in this file" : original.file.path;
  const text = b.texts.slice(startB, startB + length).join(" ");
  const firstCodeLine = copy.file.text.slice(b.starts[startB]!).split("\n")[0]!.trim();
  return {
    anchor: `${fnv1a(text).toString(16)}@${original.file.path}`,
    start: b.starts[startB]!,
    end: b.ends[startB + length - 1]!,
    severity: "warning",
    message: `Lines ${firstLine}–${lastLine} (${length} tokens) duplicate ${where} lines ${otherFirst}–${otherLast}.`,
    evidence: firstCodeLine.length > 160 ? `${firstCodeLine.slice(0, 159)}…` : firstCodeLine,
    suggestion: "Extract the shared code into one function or module that both places call, so a fix lands once.",
    data: {
      tokens: length,
      lines: lastLine - firstLine + 1,
      other: { file: original.file.path, startLine: otherFirst, endLine: otherLast },
    },
  };
}
