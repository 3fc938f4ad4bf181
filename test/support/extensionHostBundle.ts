import { build } from "esbuild";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Bundles the extension-host suite (mocha included) into one CommonJS file VS Code can load as
 * extensionTestsPath; `vscode` is left for the host to provide. Returns the file's path.
 */
export async function bundleExtensionHostSuite(outDir: string): Promise<string> {
  const outfile = path.join(outDir, "index.js");
  await build({
    entryPoints: [path.join(ROOT, "test", "extensionHost", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["vscode"],
    logLevel: "error",
  });
  return outfile;
}
