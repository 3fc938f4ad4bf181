// Finding messages, evidence and plan rationales come from the analysed code and from the
// server, possibly a remote one: in a hover they must read as the text they are, never as
// markup, links or HTML.

/** `text` as Markdown that renders literally: every ASCII punctuation mark backslash-escaped (CommonMark allows it on all of them), line breaks kept. */
export function markdownText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[!-/:-@[-`{-~]/g, "\\$&"))
    .join("  \n");
}

/** `text` as a fenced code block whose fence is longer than any backtick run inside it, so the text cannot close it. */
export function codeBlock(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}\n${fence}`;
}
