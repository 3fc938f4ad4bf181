/** How many leading bytes are searched for a NUL to call a file binary (git looks at about as many). */
const BINARY_SNIFF_BYTES = 8 * 1024;

// `fatal` makes bad bytes an error instead of silent U+FFFD, which would corrupt what rules see
// and what a fix writes back. Without `stream`, one decoder is stateless between calls.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export type ContentVerdict = { kind: "text"; text: string } | { kind: "skip"; reason: string };

/** Pure: decides whether bytes are text we analyse, and decodes them (a UTF-8 BOM is dropped). */
export function classifyContent(bytes: Uint8Array): ContentVerdict {
  if (bytes.length === 0) return { kind: "skip", reason: "empty file" };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: "skip", reason: "binary file" };
  try {
    return { kind: "text", text: UTF8.decode(bytes) };
  } catch {
    return { kind: "skip", reason: "not valid UTF-8: only UTF-8 text is analysed" };
  }
}

export function tooLargeReason(size: number, limit: number): string {
  return `larger than the ${formatSize(limit)} limit (${formatSize(size)}); raise --max-file-bytes to include it`;
}

/** Decimal units, as file managers show them: 3_200_000 bytes is "3.2 MB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1_000_000_000) return `${Math.round(bytes / 100_000_000) / 10} GB`;
  if (bytes >= 1_000_000) return `${Math.round(bytes / 100_000) / 10} MB`;
  if (bytes >= 1_000) return `${Math.round(bytes / 100) / 10} KB`;
  return `${bytes} B`;
}
