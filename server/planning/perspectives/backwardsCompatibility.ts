import { apiEntry, type ApiEntry } from "../context/planningContext";
import type { Unit } from "../units";
import { argsFor, expect, inputs, type PlanItems, type PlanningPerspective } from "./perspective";

/** The exported API compared with git HEAD (or the previous iteration): removed, renamed, changed. */
export const backwardsCompatibility: PlanningPerspective = {
  id: "backwards-compatibility",
  plan(context) {
    const baseline = context.baseline;
    if (!baseline) return { items: [], summary: "No earlier version to compare with yet (no git HEAD and no previous iteration)." };
    const current = new Map(context.units.map((u) => [u.id, u]));
    const before = new Map(baseline.entries.map((e) => [e.id, e]));
    const items = new Map<Unit, PlanItems>();
    const add = (unit: Unit, item: Omit<PlanItems, "unit">) => {
      const existing = items.get(unit) ?? items.set(unit, { unit, cases: [], notes: [] }).get(unit)!;
      existing.cases.push(...item.cases);
      existing.notes!.push(...(item.notes ?? []));
    };
    let changed = 0;
    let renamed = 0;
    let removed = 0;
    for (const unit of context.units) {
      const old = before.get(unit.id);
      if (!old) continue;
      const now = apiEntry(unit).params;
      if (now.join(",") === old.params.join(",")) continue;
      changed++;
      const newlyRequired = now.filter((p) => !p.endsWith("?") && !p.startsWith("...") && !old.params.some((q) => q.replace(/\?$/, "") === p));
      add(unit, {
        cases: [
          {
            title: `${unit.name} still accepts calls written for ${old.signature}`,
            level: "unit",
            kind: "compatibility",
            inputs: inputs(argsFor(unit)),
            expected: expect("observe", newlyRequired.length ? `callers that do not pass ${newlyRequired.join(", ")} get a clear error or a documented default` : "old call sites keep their meaning"),
            rationale: `Signature changed since ${baseline.source}: (${old.params.join(", ")}) → (${now.join(", ")}).`,
          },
        ],
      });
    }
    const added = context.units.filter((u) => !before.has(u.id));
    for (const old of baseline.entries) {
      if (current.has(old.id)) continue;
      const successor = added.find((u) => u.file === old.file && apiEntry(u).params.join(",") === old.params.join(","));
      if (successor) {
        renamed++;
        add(successor, {
          cases: [
            {
              title: `the old name ${old.name} is still importable, or its removal is announced`,
              level: "unit",
              kind: "compatibility",
              inputs: inputs([]),
              expected: expect("observe", `importing ${old.name} from ${old.file} works (an alias) or fails with a message that names ${successor.name}`),
              rationale: `${old.name} became ${successor.name} since ${baseline.source}: code importing the old name breaks.`,
            },
          ],
        });
        continue;
      }
      removed++;
      for (const sibling of context.units.filter((u) => u.file === old.file).slice(0, 3)) {
        add(sibling, { cases: [], notes: [`${old.name} (${old.signature}) was exported from this module at ${baseline.source} and is gone: callers importing it break.`] });
      }
    }
    return {
      items: [...items.values()],
      summary: `Compared with ${baseline.source}: ${changed} signature(s) changed, ${renamed} renamed, ${removed} removed, ${added.length - renamed} added.`,
    };
  },
};

export type { ApiEntry };
