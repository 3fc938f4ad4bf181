// The dashboard under the same load: one Chromium page on the server's `/`, beside the socket
// clients. Each iteration's row is timed when it is in the DOM and a frame has been drawn
// (requestAnimationFrame after the mutation), on the same clock as the record's end.
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, chromiumPath } from "../support/chromium";

export interface DrawnRow {
  worker: string;
  iteration: number;
  /** Epoch milliseconds, in the page, when a frame with the row was drawn. */
  drawnAtMs: number;
}

export interface DashboardWatch {
  /** When the page had subscribed: iterations that ended before were history, not pushes. */
  readyAtMs: number;
  stop(): Promise<DrawnRow[]>;
}

/** Opens the dashboard and records when each iteration's row is drawn; null where no Chromium is installed. */
export async function watchDashboard(url: string): Promise<DashboardWatch | null> {
  const executablePath = chromiumPath();
  if (!executablePath) return null;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector("#records li[data-iteration]", { timeout: 120_000 });
  await page.evaluate(() => {
    const drawn: { worker: string; iteration: number; drawnAtMs: number }[] = [];
    const seen = new Set<string>();
    (window as unknown as { __drawn: typeof drawn }).__drawn = drawn;
    for (const li of document.querySelectorAll<HTMLElement>("#records li[data-iteration]")) seen.add(`${li.dataset.worker}:${li.dataset.iteration}`);
    new MutationObserver(() => {
      const fresh: { worker: string; iteration: number }[] = [];
      for (const li of document.querySelectorAll<HTMLElement>("#records li[data-iteration]")) {
        const key = `${li.dataset.worker}:${li.dataset.iteration}`;
        if (seen.has(key)) continue;
        seen.add(key);
        fresh.push({ worker: li.dataset.worker!, iteration: Number(li.dataset.iteration) });
      }
      if (fresh.length) requestAnimationFrame(() => drawn.push(...fresh.map((f) => ({ ...f, drawnAtMs: performance.timeOrigin + performance.now() }))));
    }).observe(document.getElementById("records")!, { childList: true });
  });
  const readyAtMs = Date.now();
  return {
    readyAtMs,
    async stop() {
      const rows = await page.evaluate(() => (window as unknown as { __drawn: DrawnRow[] }).__drawn);
      await browser.close();
      return rows;
    },
  };
}
