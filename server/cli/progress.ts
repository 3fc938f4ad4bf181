/** Progress on stderr for a terminal; silent when piped, so only the result reaches the pipe. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update(text: string): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  return {
    update(text) {
      stream.write(`\r\x1b[2K${text}`);
    },
    done() {
      stream.write("\r\x1b[2K");
    },
  };
}
