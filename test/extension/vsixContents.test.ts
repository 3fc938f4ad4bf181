import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.resolve(__dirname, "..", "..");

// The .vsix must carry what the installed extension runs — its bundle, the server bundle it
// starts, the page that server serves, the parsers' wasm — and nothing else: no sources,
// source maps (27 MB) or node_modules. vsce ls lists exactly what `npm run package` packs.
describe("extension: what the .vsix contains", function () {
  this.timeout(30_000);
  it("is the bundles, the manifest, README, LICENSE and the two icons", async () => {
    const { stdout } = await promisify(execFile)(path.join(ROOT, "node_modules", ".bin", "vsce"), ["ls", "--no-dependencies"], { cwd: ROOT });
    assert.deepEqual(stdout.trim().split("\n").sort(), [
      "LICENSE",
      "README.md",
      "dist/cli.js",
      "dist/extension.js",
      "dist/wasm/tree-sitter-python.wasm",
      "dist/wasm/web-tree-sitter.wasm",
      "dist/webview/dashboard.js",
      "media/activity-bar.svg",
      "media/icon.png",
      "package.json",
    ]);
  });
});
