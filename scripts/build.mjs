// One build for every bundle, so `npm start`, `npm test` and packaging see the same output.
import { build } from "esbuild";
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
    banner: { js: "#!/usr/bin/env node" },
  }),
  build({
    ...common,
    entryPoints: ["webview/main.ts"],
    outfile: "dist/webview/dashboard.js",
    platform: "browser",
    target: "es2022",
    minify: true,
    format: "iife",
  }),
]);
