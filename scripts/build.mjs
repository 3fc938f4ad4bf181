// One build for every bundle, so `npm start`, `npm test` and packaging see the same output.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// The Python grammar and tree-sitter's runtime are wasm files loaded at run time: ship them
// beside the bundle so dist/ works without node_modules (the packaged extension has none).
const require = createRequire(import.meta.url);
mkdirSync("dist/wasm", { recursive: true });
copyFileSync(path.join(path.dirname(require.resolve("web-tree-sitter")), "web-tree-sitter.wasm"), "dist/wasm/web-tree-sitter.wasm");
copyFileSync(
  path.join(path.dirname(require.resolve("@vscode/tree-sitter-wasm/package.json")), "wasm", "tree-sitter-python.wasm"),
  "dist/wasm/tree-sitter-python.wasm",
);
const common = {
  bundle: true,
  sourcemap: true,
  logLevel: "warning",
};

await Promise.all([
  build({
    ...common,
    entryPoints: ["server/cli/main.ts"],
    outfile: "dist/cli.js",
    platform: "node",
    target: "node20",
    format: "cjs",
    // web-tree-sitter locates itself through import.meta.url, which a CommonJS bundle lacks.
    banner: { js: '#!/usr/bin/env node\nconst __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__importMetaUrl" },
  }),
  // Analysis, test planning and implementation stages run on a worker thread beside one parse
  // cache (server/workers/analysisRunner.ts looks for this file
  // beside dist/cli.js), bundled the same way as the CLI.
  build({
    ...common,
    entryPoints: ["server/workers/analysisThread.ts"],
    outfile: "dist/analysisThread.js",
    platform: "node",
    target: "node20",
    format: "cjs",
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: { "import.meta.url": "__importMetaUrl" },
  }),
  build({
    ...common,
    entryPoints: ["extension/extension.ts"],
    outfile: "dist/extension.js",
    platform: "node",
    target: "node20",
    format: "cjs",
    // VS Code provides `vscode` at run time; ws's native speed-ups are optional and not shipped.
    external: ["vscode", "bufferutil", "utf-8-validate"],
  }),
  build({
    ...common,
    entryPoints: ["webview/main.ts"],
    outfile: "dist/webview/dashboard.js",
    platform: "browser",
    target: "es2022",
    minify: true,
    format: "iife",
    // uPlot's stylesheet goes into the page's constructed stylesheet as text: no <link>, nothing remote.
    loader: { ".css": "text" },
  }),
  // The static dashboard Space: the same page reading the Hub datasets (deploy-dashboard).
  build({
    ...common,
    entryPoints: ["webview/hubMain.ts"],
    outfile: "dist/webview/hub-dashboard.js",
    platform: "browser",
    target: "es2022",
    minify: true,
    format: "iife",
  }),
]);
