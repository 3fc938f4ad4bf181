import { z } from "zod";

/** `.autocoder/baseline.json`: findings accepted as they are, by id; `analyze --baseline` reports only new ones. */
export const Baseline = z
  .object({
    version: z.literal(1),
    created: z.string().datetime(),
    findings: z.array(z.object({ id: z.string().min(1), rule: z.string(), file: z.string() }).strict()),
  })
  .strict();
export type Baseline = z.infer<typeof Baseline>;
