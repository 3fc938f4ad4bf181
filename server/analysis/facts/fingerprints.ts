import type { TokenStream } from "./tokens";

/** Selected window hashes of a token stream and the token index where each window starts. */
export interface Fingerprints {
  hashes: Uint32Array;
  positions: Int32Array;
}

const BASE = 0x9e3779b1;

/**
 * Winnowing (Schleimer, Wilkerson & Aiken, 2003): hash every run of `k` tokens, then keep the
 * smallest hash of every `w` consecutive ones. Identical code yields identical fingerprints, and
 * any shared run of at least k + w - 1 tokens is guaranteed to share one, while only about
 * 2 / (w + 1) of the windows are kept.
 */
export function winnow(tokens: TokenStream, k: number, w: number): Fingerprints {
  const n = tokens.hashes.length - k + 1;
  if (n <= 0) return { hashes: new Uint32Array(0), positions: new Int32Array(0) };
  const windows = new Uint32Array(n);
  // Rolling polynomial hash over token hashes, mod 2^32.
  let power = 1;
  for (let i = 1; i < k; i++) power = Math.imul(power, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + tokens.hashes[i]!) | 0;
  windows[0] = h >>> 0;
  for (let i = 1; i < n; i++) {
    h = (h - Math.imul(tokens.hashes[i - 1]!, power)) | 0;
    h = (Math.imul(h, BASE) + tokens.hashes[i + k - 1]!) | 0;
    windows[i] = h >>> 0;
  }
  const hashes: number[] = [];
  const positions: number[] = [];
  let last = -1;
  const span = Math.min(w, n);
  for (let start = 0; start + span <= n; start++) {
    let min = start;
    for (let i = start + 1; i < start + span; i++) if (windows[i]! <= windows[min]!) min = i;
    if (min !== last) {
      hashes.push(windows[min]!);
      positions.push(min);
      last = min;
    }
  }
  return { hashes: Uint32Array.from(hashes), positions: Int32Array.from(positions) };
}
