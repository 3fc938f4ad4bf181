import { z } from "zod";
import { Range } from "./findings";

export const TestCase = z.object({
  id: z.string().min(1),
  title: z.string(),
  level: z.enum(["unit", "integration", "e2e"]),
  kind: z.string(),
  inputs: z.unknown(),
  expected: z.unknown(),
  rationale: z.string(),
  perspective: z.string(),
});

export const TestPlan = z.object({
  id: z.string().min(1),
  unit: z.object({
    file: z.string(),
    name: z.string(),
    kind: z.string(),
    signature: z.string(),
    range: Range,
  }),
  framework: z.string(),
  risk: z.number(),
  cases: z.array(TestCase),
  mocks: z.array(z.unknown()),
  notes: z.array(z.string()),
});
export type TestPlan = z.infer<typeof TestPlan>;

/** A running count that only grows when something new is found; `items` is the list behind it. */
export const InsightTally = z.object({ count: z.number().int().min(0), items: z.array(z.string()) });

export const CumulativeInsights = z.object({
  failure_modes_identified: InsightTally,
  integration_points_found: InsightTally,
  edge_cases_discovered: InsightTally,
});
export type CumulativeInsights = z.infer<typeof CumulativeInsights>;

export function emptyInsights(): CumulativeInsights {
  return {
    failure_modes_identified: { count: 0, items: [] },
    integration_points_found: { count: 0, items: [] },
    edge_cases_discovered: { count: 0, items: [] },
  };
}

export const CodeChange = z.object({
  file: z.string(),
  code: z.string(),
  diff: z.string(),
  insert_at: Range.optional(),
});
export type CodeChange = z.infer<typeof CodeChange>;
