import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WorkspaceConfig, describeIssues } from "../protocol";

export const CONFIG_PATH = ".autocoder/config.json";

/** A config file that cannot be used, with what is wrong and where, in words a user can act on. */
export class ConfigError extends Error {}

/** Reads `.autocoder/config.json` from the workspace root; a missing file is the empty config. */
export async function readWorkspaceConfig(root: string): Promise<WorkspaceConfig> {
  let text: string;
  try {
    text = await fs.readFile(path.join(root, CONFIG_PATH), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(`${CONFIG_PATH} cannot be read: ${(err as Error).message}`);
  }
  return parseWorkspaceConfig(text);
}

/** Pure: config text → config, or a ConfigError naming the bad key. */
export function parseWorkspaceConfig(text: string): WorkspaceConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${CONFIG_PATH} is not valid JSON: ${(err as Error).message}`);
  }
  const result = WorkspaceConfig.safeParse(data);
  if (!result.success) throw new ConfigError(`${CONFIG_PATH}: ${describeIssues(result.error)}`);
  return result.data;
}
