import uPlot from "uplot";
import type { Trend } from "./dashboardMetrics";
import { el } from "./dom";

const HEIGHT = 220;

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * New vs resolved findings per analysis pass, drawn with uPlot on a canvas. The chart is built
 * once and fed new data on every push; the sums go in text beside it for screen readers and tests.
 */
export class TrendChart {
  private plot: uPlot | null = null;
  private readonly canvasHost: HTMLElement;
  private readonly caption: HTMLElement;

  constructor(private readonly host: HTMLElement) {
    this.canvasHost = el("div", { class: "chart" });
    this.caption = el("p", { class: "caption", "aria-live": "polite" });
    host.replaceChildren(this.canvasHost, this.caption);
    new ResizeObserver(() => this.plot?.setSize({ width: this.width(), height: HEIGHT })).observe(host);
  }

  update(trend: Trend): void {
    const sum = (xs: (number | null)[]) => xs.reduce<number>((n, x) => n + (x ?? 0), 0);
    const added = sum(trend.added);
    const resolved = sum(trend.resolved);
    this.host.dataset.points = String(trend.iterations.length);
    this.host.dataset.new = String(added);
    this.host.dataset.resolved = String(resolved);
    this.caption.textContent =
      trend.iterations.length === 0
        ? "No analysis passes yet."
        : `${trend.iterations.length} analysis passes (iterations ${trend.iterations[0]}–${trend.iterations.at(-1)}): ${added} findings new, ${resolved} resolved against each perspective's previous pass.`;
    const data: uPlot.AlignedData = [trend.iterations, trend.added, trend.resolved];
    if (this.plot) this.plot.setData(data);
    else if (trend.iterations.length > 0) this.plot = new uPlot(this.options(), data, this.canvasHost);
  }

  private width(): number {
    return Math.max(280, this.host.clientWidth);
  }

  private options(): uPlot.Options {
    const fg = cssColor("--fg", "#1f2328");
    const grid = cssColor("--border", "#d1d9e0");
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    return {
      width: this.width(),
      height: HEIGHT,
      // From zero, and at least 0–5, so a quiet workspace reads as "nothing changed", not as a scale of 0–100.
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(5, Math.ceil(max * 1.15))] } },
      axes: [
        { ...axis, label: "analysis iteration" },
        { ...axis, label: "findings" },
      ],
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: "iteration" },
        { label: "new", stroke: cssColor("--err", "#d1242f"), width: 2, points: { show: true, size: 5 } },
        { label: "resolved", stroke: cssColor("--ok", "#1a7f37"), width: 2, points: { show: true, size: 5 } },
      ],
    };
  }
}
