import { z } from "zod";

const positiveInt = z.number().int().min(1);

/**
 * `.autocoder/config.json` in the workspace. Strict: an unknown key is an error that names it,
 * so a typo never silently does nothing.
 */
export const WorkspaceConfig = z
  .object({
    $schema: z.string().optional(),
    thresholds: z
      .object({
        complexity: positiveInt,
        functionLines: positiveInt,
        parameters: z.number().int().min(0),
        nestingDepth: positiveInt,
        duplicateTokens: z.number().int().min(10),
        duplicateLines: positiveInt,
        fanIn: positiveInt,
        fanOut: positiveInt,
        lineCoverage: z.number().min(0).max(100),
      })
      .partial()
      .strict()
      .optional(),
    /** Rule id → "off" to switch a rule off ("on" is the default). */
    rules: z.record(z.string(), z.enum(["on", "off"])).optional(),
    /** Layer rules: modules matching `from` may not import modules matching `disallow`, unless they match `allow`. Gitignore-style patterns. */
    layers: z
      .array(
        z
          .object({
            from: z.array(z.string().min(1)).min(1),
            disallow: z.array(z.string().min(1)).min(1),
            allow: z.array(z.string().min(1)).optional(),
            reason: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    /** Extra gitignore-style patterns the workers do not read. */
    ignore: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
