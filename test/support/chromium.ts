import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Flags for Debian's Chromium on a machine with no network but loopback. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(): string | null {
  const candidates = [process.env.AUTOCODER_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

/**
 * Launches Chromium, or skips the calling suite with the reason where none is installed —
 * except in CI, where a missing browser is a failure, not a skip.
 */
export async function launchOrSkip(ctx: Mocha.Context): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    if (process.env.CI) throw new Error("CI needs Chromium for the browser tests: apt-get install chromium (or set AUTOCODER_CHROMIUM)");
    console.warn("    (browser tests skipped: no Chromium found; apt-get install chromium or set AUTOCODER_CHROMIUM)");
    ctx.skip();
  }
  return chromium.launch({ executablePath: executablePath!, args: CHROMIUM_FLAGS });
}
