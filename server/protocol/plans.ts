import { z } from "zod";
import { Range } from "./findings";

/** What a case calls the unit with: argument expressions in the unit's language, and its surroundings. */
export const CaseInputs = z.object({
  args: z.array(z.string()),
  /** Parameters left out on purpose (a missing optional). */
  omitted: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  /** Input size for performance cases. */
  size: z.number().int().optional(),
});
export type CaseInputs = z.infer<typeof CaseInputs>;

export const CaseExpectation = z.object({
  outcome: z.enum(["returns", "throws", "rejects", "surfaces-error", "within-budget", "unchanged", "observe"]),
  /** What to check, in words a reviewer can confirm against the code. */
  detail: z.string(),
  /** The error class expected, when the code names one. */
  error: z.string().nullable().optional(),
  /** The returned value expected, as an expression in the unit's language, when the code states it. */
  value: z.string().optional(),
  budgetMs: z.number().optional(),
});
export type CaseExpectation = z.infer<typeof CaseExpectation>;

export const TestCase = z.object({
  id: z.string().min(1),
  title: z.string(),
  level: z.enum(["unit", "integration", "e2e"]),
  kind: z.string(),
  inputs: CaseInputs,
  expected: CaseExpectation,
  rationale: z.string(),
  perspective: z.string(),
  /** The source line the case comes from, when one does. */
  line: z.number().int().optional(),
  /** True when the inputs were derived from the guarding condition in the code, so the expected outcome follows from it. */
  derived: z.boolean().optional(),
});
export type TestCase = z.infer<typeof TestCase>;

/** How to fake one integration point in the plan's framework. */
export const MockSpec = z.object({
  target: z.string(),
  category: z.string(),
  how: z.string(),
});
export type MockSpec = z.infer<typeof MockSpec>;

export const TEST_FRAMEWORKS = ["mocha", "jest", "vitest", "node:test", "pytest", "unittest"] as const;

export const TestPlan = z.object({
  id: z.string().min(1),
  unit: z.object({
    file: z.string(),
    name: z.string(),
    kind: z.enum(["function", "method", "class", "entry"]),
    signature: z.string(),
    range: Range,
    language: z.enum(["typescript", "javascript", "python"]),
    /** How a test reaches the unit: the export to import, and the class for a method. */
    export: z.object({ name: z.string(), className: z.string().nullable(), isStatic: z.boolean(), commonjs: z.boolean() }),
    params: z.array(z.string()),
    async: z.boolean(),
  }),
  framework: z.enum(TEST_FRAMEWORKS),
  /** Where the test file would live and how it imports the unit from there. */
  target: z.object({ path: z.string(), importPath: z.string() }),
  risk: z.number(),
  cases: z.array(TestCase),
  mocks: z.array(MockSpec),
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
