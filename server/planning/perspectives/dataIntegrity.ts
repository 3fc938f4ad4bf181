import type { Unit } from "../units";
import { argsFor, expect, inputs, type PlanningPerspective } from "./perspective";

const WRITES = /(^|\.)(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|rename|renameSync|truncate|rm|rmSync|unlink|unlinkSync|copyFile|write_text|write_bytes|dump|save|insert|insertOne|insertMany|update|updateOne|updateMany|upsert|delete|deleteOne|deleteMany|executemany|commit|set|hset|put|bulkWrite)$/;
const SQL_WRITE = /\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

/** What a unit writes, from its calls: files, stores, databases. */
export function writesOf(unit: Unit): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const c of unit.facts.calls) {
    const method = c.callee.split(".").pop() ?? "";
    const openForWrite = (c.callee === "open" || c.callee.endsWith(".open")) && unit.language === "python";
    const storeCall = WRITES.test(method) && (c.module !== null || /^(fs|this\.|self\.|db|store|cursor|conn|session|client|redis|collection|repo|table)/.test(c.callee) || c.callee.includes("."));
    const sql = /(^|\.)(execute|query|run|exec)$/.test(c.callee) && SQL_WRITE.test(c.callee);
    if (storeCall || openForWrite || sql) out.push({ target: c.callee, line: c.line });
  }
  // `.set` and `.delete` are writes on a store, but mostly on a Map or a Set: keep them only on store-like names.
  const storeLike = (target: string) => /^(this\.|self\.)?(redis|client|cache|store|db|kv)\b/i.test(target);
  return out.filter((w, i) => out.findIndex((o) => o.target === w.target) === i && (!/\.(set|delete|update|put)$/.test(w.target) || storeLike(w.target)));
}

/** Units that write files, stores or databases: round trip, partial write, concurrent writes. */
export const dataIntegrity: PlanningPerspective = {
  id: "data-integrity",
  plan(context) {
    const items = [];
    for (const unit of context.units) {
      const writes = writesOf(unit);
      if (writes.length === 0) continue;
      const where = writes.map((w) => `${w.target} (line ${w.line})`).join(", ");
      const args = inputs(argsFor(unit));
      items.push({
        unit,
        cases: [
          { title: `${unit.name}: what it writes reads back the same`, level: "integration" as const, kind: "round-trip", inputs: args, expected: expect("observe", "reading back what was written gives equal data, including unicode and empty values"), rationale: `Writes through ${where}.` },
          { title: `${unit.name}: a write interrupted halfway leaves the old data intact`, level: "integration" as const, kind: "partial-write", inputs: args, expected: expect("unchanged", "after a failure mid-write (disk full, crash, thrown error), the previous content is still readable and nothing half-written is taken for whole"), rationale: `A crash between open and close of ${writes[0]!.target} is what loses data: write to a temporary file and rename, or use a transaction.` },
          { title: `${unit.name}: two concurrent writes do not interleave or lose one`, level: "integration" as const, kind: "concurrent-write", inputs: args, expected: expect("observe", "both writes land whole, in some order; neither is lost or mixed into the other"), rationale: "Two callers at once (two requests, two workers) is the usual way data gets corrupted." },
        ],
      });
    }
    return { items, summary: `${items.length} unit(s) write files, stores or databases.` };
  },
};
