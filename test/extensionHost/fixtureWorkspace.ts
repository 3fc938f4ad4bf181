import { tempDir } from "../support/tempDir";

// Complexity 12 (the limit is 10) and a TODO note: two code-quality findings on the first
// analysis pass, and a function with guards for the test planners.
const SHIPPING = `// TODO: read the rates from the carrier's price list
export function shipping(weight: number, zone: string, express: boolean): number {
  if (weight <= 0) throw new RangeError("weight must be positive");
  let cost = 5;
  if (weight > 1) cost += 2;
  if (weight > 5) cost += 5;
  if (weight > 20) cost += 20;
  if (zone === "eu") cost += 3;
  else if (zone === "us") cost += 8;
  else if (zone === "asia") cost += 12;
  if (express && weight < 10) cost *= 2;
  if (express && zone !== "eu") cost += 10;
  return cost;
}
`;

/**
 * The folder the extension-host suite opens, whichever VS Code runs it. Its settings are the
 * workspace's own, so every runner gets them: workers wait for a command, analysis and test
 * planning run every second, and the load pause is off on a busy CI machine.
 */
export function extensionHostWorkspace(): Promise<string> {
  return tempDir({
    "src/orders.ts": "export const total = (prices: number[]) => prices.reduce((a, b) => a + b, 0);\n",
    "src/shipping.ts": SHIPPING,
    // The security perspective reports the yaml.load; the implementation worker's fix is yaml.safe_load.
    "app/settings.py": "import yaml\n\n\ndef load_settings(path):\n    with open(path) as f:\n        return yaml.load(f)\n",
    ".vscode/settings.json": JSON.stringify({ "autocoder.autoStart": false, "autocoder.intervals.analysis": 1, "autocoder.intervals.testPlanning": 1, "autocoder.maxLoad": 0 }, null, 2),
  });
}
