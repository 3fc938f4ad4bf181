import { z } from "zod";

/** The most modules a graph reply names; a larger workspace's graph says it was cut. */
export const MAX_GRAPH_MODULES = 2000;

/**
 * The workspace's module import graph as the architecture perspective last saw it: its own
 * modules, the imports between them (type-only ones marked: TypeScript erases them), the import
 * cycles and the imports a configured layer rule forbids.
 */
export const ModuleGraphView = z.object({
  computed_at: z.string().datetime(),
  modules: z.array(z.string()).max(MAX_GRAPH_MODULES),
  /** Indexes into `modules`; one edge per importing pair, runtime when any of its imports is. */
  edges: z.array(z.object({ from: z.number().int().min(0), to: z.number().int().min(0), type_only: z.boolean() })),
  /** Each strongly connected group once, as module indexes; `runtime` false when only type-only imports close it. */
  cycles: z.array(z.object({ modules: z.array(z.number().int().min(0)), runtime: z.boolean() })),
  violations: z.array(z.object({ from: z.number().int().min(0), to: z.number().int().min(0), message: z.string() })),
  /** How many modules the workspace has; more than `modules.length` when the graph was cut. */
  total_modules: z.number().int().min(0),
});
export type ModuleGraphView = z.infer<typeof ModuleGraphView>;
