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
      })
      .partial()
      .strict()
      .optional(),
    /** Rule id → "off" to switch a rule off ("on" is the default). */
    rules: z.record(z.string(), z.enum(["on", "off"])).optional(),
    /** Extra gitignore-style patterns the workers do not read. */
    ignore: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
