import type { ParsedFile } from "../../../workspace";
import { winnow, type Fingerprints } from "../../facts/fingerprints";
import { tokenizePython } from "../../facts/pythonTokens";
import { fnv1a, tokenize, type TokenStream } from "../../facts/tokens";
import type { RuleReport, WorkspaceRule } from "../../rule";

/** Winnowing window: with it, every copy of at least `duplicateTokens` tokens is found. */
const WINNOW = 8;
/** Token positions per file in a packed (slot, position) number; files are capped far below it. */
const SLOT = 2 ** 22;
const CLOSERS = new Set([";", ",", "}", ")", "]"]); // token positions per file in a packed (file, token) number

const tokenCache = new WeakMap<ParsedFile, TokenStream>();
const printCache = new WeakMap<ParsedFile, Map<number, Fingerprints>>();

function tokensOf(file: ParsedFile): TokenStream {
  let tokens = tokenCache.get(file);
  if (!tokens) tokenCache.set(file, (tokens = file.py ? tokenizePython(file.py, file.file.text) : tokenize(file)));
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
  languages: ["typescript", "javascript", "python"],
  checkWorkspace(all, config) {
    const { duplicateTokens, duplicateLines } = config.thresholds;
    // Python and TS/JS are indexed apart: a run of tokens shared across languages is no copy.
    return [
      ...scriptCopies.update(all.filter((f) => f.ts !== null), duplicateTokens, duplicateLines),
      ...pythonCopies.update(all.filter((f) => f.py !== null), duplicateTokens, duplicateLines),
    ];
  },
};

type Found = { file: ParsedFile; report: RuleReport }[];

/** Where a window hash was seen first, before (file, position) in workspace order. */
type PriorOf = (hash: number, fileOrder: number, pos: number) => { file: ParsedFile; order: number; pos: number } | null;

/**
 * The copies in one file (the later copy), each against the first occurrence of its start.
 * The only thing it asks of the rest of the workspace is `priorOf`.
 */
function copiesIn(file: ParsedFile, order: number, k: number, minTokens: number, minLines: number, priorOf: PriorOf): Found {
  const b = tokensOf(file);
  const prints = printsOf(file, k);
  const out: Found = [];
  let coveredUntil = 0;
  for (let p = 0; p < prints.hashes.length; p++) {
    const hash = prints.hashes[p]!;
    const pos = prints.positions[p]!;
    if (pos < coveredUntil) continue;
    const prior = priorOf(hash, order, pos);
    if (!prior) continue;
    const same = prior.file === file;
    const a = tokensOf(prior.file);
    const ia = prior.pos;
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
      (!same || startA + length < startB)
    ) {
      length++;
    }
    if (same && startA + length > startB) continue;
    const firstLine = file.position(b.starts[startB]!).line;
    const lastLine = file.position(b.ends[startB + length - 1]!).line;
    if (length < minTokens || lastLine - firstLine + 1 < minLines) continue;
    coveredUntil = startB + length;
    const clone = { original: { file: prior.file, tokens: a, start: startA }, copy: { file, tokens: b, start: startB }, length };
    out.push({ file, report: report(clone, firstLine, lastLine) });
  }
  return out;
}

/** Reference: every file matched against a map of first occurrences built in one pass. */
export function findCopies(files: readonly ParsedFile[], minTokens: number, minLines: number): Found {
  const k = Math.max(1, minTokens - WINNOW + 1);
  const first = new Map<number, { file: ParsedFile; order: number; pos: number }>();
  const out: Found = [];
  files.forEach((file, order) => {
    const prints = printsOf(file, k);
    // First occurrences of this file's hashes are recorded before matching it: a prior within
    // the same file must come earlier in it, which priorOf checks.
    const mine: [number, number][] = [];
    for (let p = 0; p < prints.hashes.length; p++) if (!first.has(prints.hashes[p]!)) mine.push([prints.hashes[p]!, prints.positions[p]!]);
    for (const [hash, pos] of mine) if (!first.has(hash)) first.set(hash, { file, order, pos });
    out.push(...copiesIn(file, order, k, minTokens, minLines, (hash, o, pos) => {
      const prior = first.get(hash);
      return prior && (prior.order < o || (prior.order === o && prior.pos < pos)) ? prior : null;
    }));
  });
  return out;
}

/**
 * The incremental form: every fingerprint occurrence of every file, kept between runs. When
 * files change, only their entries are replaced, and only files that share a fingerprint with
 * a changed file's old or new content are matched again; the rest keep their results. The
 * answer is the same as findCopies' (a test checks it after random edits).
 */
class CopyIndex {
  private key = "";
  private k = 0;
  private minTokens = 0;
  private minLines = 0;
  private order = new Map<ParsedFile, number>();
  // hash → packed occurrence (slot * 2^22 + token position), or several. Most hashes occur
  // once, so a plain number avoids hundreds of thousands of small arrays on large workspaces.
  private occurrences = new Map<number, number | number[]>();
  private slots = new Map<ParsedFile, number>();
  private slotFiles: (ParsedFile | undefined)[] = [];
  private results = new Map<ParsedFile, Found>();
  private files: ParsedFile[] = [];

  update(files: readonly ParsedFile[], minTokens: number, minLines: number): Found {
    const key = `${minTokens}:${minLines}`;
    if (key !== this.key) this.reset(key, minTokens, minLines);
    if (files.length === this.files.length && files.every((f, i) => f === this.files[i])) return this.collect();
    const next = new Set(files);
    const removed = this.files.filter((f) => !next.has(f));
    const added = files.filter((f) => !this.order.has(f));
    // When much has changed (the first run above all), matching everything beats tracking what changed.
    const wholesale = removed.length + added.length > files.length / 4;
    const touched = new Set<number>();
    const touch = wholesale ? () => {} : (hash: number) => touched.add(hash);
    for (const file of removed) {
      const slot = this.slots.get(file)!;
      for (const hash of printsOf(file, this.k).hashes) {
        touch(hash);
        const entry = this.occurrences.get(hash);
        if (entry === undefined) continue;
        const kept = (typeof entry === "number" ? [entry] : entry).filter((o) => Math.floor(o / SLOT) !== slot);
        if (kept.length === 0) this.occurrences.delete(hash);
        else this.occurrences.set(hash, kept.length === 1 ? kept[0]! : kept);
      }
      this.results.delete(file);
      this.slots.delete(file);
      this.slotFiles[slot] = undefined;
    }
    for (const file of added) {
      const slot = this.slotFiles.length;
      this.slotFiles.push(file);
      this.slots.set(file, slot);
      const prints = printsOf(file, this.k);
      for (let p = 0; p < prints.hashes.length; p++) {
        const hash = prints.hashes[p]!;
        touch(hash);
        const packed = slot * SLOT + prints.positions[p]!;
        const entry = this.occurrences.get(hash);
        if (entry === undefined) this.occurrences.set(hash, packed);
        else if (typeof entry === "number") this.occurrences.set(hash, [entry, packed]);
        else entry.push(packed);
      }
    }
    this.files = [...files];
    this.order = new Map(files.map((f, i) => [f, i]));
    const dirty = new Set<ParsedFile>(wholesale ? files : added);
    for (const hash of touched) {
      const entry = this.occurrences.get(hash);
      if (entry === undefined) continue;
      for (const o of typeof entry === "number" ? [entry] : entry) dirty.add(this.slotFiles[Math.floor(o / SLOT)]!);
    }
    for (const file of dirty) this.results.set(file, this.match(file));
    return this.collect();
  }

  private reset(key: string, minTokens: number, minLines: number): void {
    this.key = key;
    this.k = Math.max(1, minTokens - WINNOW + 1);
    this.minTokens = minTokens;
    this.minLines = minLines;
    this.order = new Map();
    this.occurrences = new Map();
    this.slots = new Map();
    this.slotFiles = [];
    this.results = new Map();
    this.files = [];
  }

  private match(file: ParsedFile): Found {
    const own = this.slots.get(file)! * SLOT;
    return copiesIn(file, this.order.get(file)!, this.k, this.minTokens, this.minLines, (hash, order, pos) => {
      const entry = this.occurrences.get(hash);
      if (entry === undefined || typeof entry === "number") {
        // The usual case: a hash seen once, at this very fingerprint.
        if (entry === undefined || entry === own + pos) return null;
        const f = this.slotFiles[Math.floor(entry / SLOT)]!;
        const o = this.order.get(f)!;
        const p = entry % SLOT;
        return o < order || (o === order && p < pos) ? { file: f, order: o, pos: p } : null;
      }
      let best: { file: ParsedFile; order: number; pos: number } | null = null;
      for (const packed of entry) {
        const f = this.slotFiles[Math.floor(packed / SLOT)]!;
        const o = this.order.get(f)!;
        const p = packed % SLOT;
        if (!best || o < best.order || (o === best.order && p < best.pos)) best = { file: f, order: o, pos: p };
      }
      return best && (best.order < order || (best.order === order && best.pos < pos)) ? best : null;
    });
  }

  private collect(): Found {
    return this.files.flatMap((f) => this.results.get(f) ?? []);
  }
}

const scriptCopies = new CopyIndex();
const pythonCopies = new CopyIndex();

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
