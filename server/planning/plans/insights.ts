import type { CumulativeInsights } from "../../protocol";
import type { InsightKind } from "../perspectives/perspective";

const KINDS: InsightKind[] = ["failure_modes_identified", "integration_points_found", "edge_cases_discovered"];

/**
 * Pure: the running counts after one iteration. A perspective that feeds a count replaces its
 * list with what it found now (so a repeat adds nothing and a fixed throw drops out); every
 * iteration drops items whose unit is gone. The count is the list's length, never a sum.
 */
export function nextInsights(previous: CumulativeInsights, found: Partial<Record<InsightKind, string[]>> | undefined, liveUnits: ReadonlySet<string>): CumulativeInsights {
  const out = {} as CumulativeInsights;
  for (const kind of KINDS) {
    const source = found?.[kind] ?? previous[kind].items;
    const items = [...new Set(source)].filter((item) => liveUnits.has(item.slice(0, item.indexOf(": "))));
    items.sort();
    out[kind] = { count: items.length, items };
  }
  return out;
}
