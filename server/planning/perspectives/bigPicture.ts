import { riskOf } from "../plans/risk";
import type { PlanningPerspective } from "./perspective";

const TOP = 10;

/** The riskiest units ranked (complexity × fan-in × missing tests × findings), each with the reason. */
export const bigPicture: PlanningPerspective = {
  id: "big-picture",
  plan(context) {
    const ranked = context.units.map((unit) => ({ unit, risk: riskOf(context, unit) })).sort((a, b) => b.risk.score - a.risk.score || a.unit.id.localeCompare(b.unit.id));
    const items = ranked.slice(0, TOP).map(({ unit, risk }, i) => ({
      unit,
      cases: [],
      notes: [`Risk rank ${i + 1} of ${ranked.length}: score ${risk.score} = complexity ${risk.complexity} × (1 + fan-in ${risk.fanIn}) × ${risk.untested ? "2 (no test reaches it)" : "1 (tested)"} × (1 + ${risk.findings} finding(s)).`],
    }));
    const top = ranked.slice(0, 3).map(({ unit, risk }) => `${unit.name} (${unit.file}, ${risk.score})`);
    return { items, summary: ranked.length ? `Riskiest: ${top.join(", ")}.` : "No units to rank." };
  },
};
