import { tempDir } from "../support/tempDir";

/**
 * The folder the extension-host suite opens, whichever VS Code runs it. Its settings are the
 * workspace's own, so every runner gets them: workers wait for a command, analysis runs every
 * second, and the load pause is off on a busy CI machine.
 */
export function extensionHostWorkspace(): Promise<string> {
  return tempDir({
    "src/orders.ts": "export const total = (prices: number[]) => prices.reduce((a, b) => a + b, 0);\n",
    ".vscode/settings.json": JSON.stringify({ "autocoder.autoStart": false, "autocoder.intervals.analysis": 1, "autocoder.maxLoad": 0 }, null, 2),
  });
}
