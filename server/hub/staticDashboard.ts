import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DeployError, type SpaceFile } from "./spaceDeployment";

export interface StaticDashboardConfig {
  hubUrl: string;
  namespace: string;
  datasetPrefix: string;
  refreshMs: number;
  title: string;
}

/**
 * The files of a static Space that shows the dashboard from the datasets: the page (its CSP
 * lets it load only its own script and talk only to the Hub), the bundle, and the card.
 */
export async function staticDashboardFiles(distDir: string, config: StaticDashboardConfig): Promise<SpaceFile[]> {
  const bundle = path.join(distDir, "webview", "hub-dashboard.js");
  const stat = await fs.stat(bundle).catch(() => null);
  if (!stat?.isFile()) throw new DeployError(`${bundle} is missing: run npm run build in an Autocoder checkout first`);
  const hubOrigin = new URL(config.hubUrl).origin;
  const csp = ["default-src 'none'", "script-src 'self'", "style-src 'self'", `connect-src ${hubOrigin}`, "img-src 'self' data:", "base-uri 'none'", "form-action 'none'"].join("; ");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(config.title)}</title>
<link rel="icon" href="data:,">
</head>
<body data-hub="${attr(config.hubUrl)}" data-namespace="${attr(config.namespace)}" data-prefix="${attr(config.datasetPrefix)}" data-refresh-ms="${config.refreshMs}">
<div id="app"><noscript>The Autocoder dashboard needs JavaScript.</noscript></div>
<script src="hub-dashboard.js"></script>
</body>
</html>
`;
  const card = `---
title: ${config.title.replace(/[\n:]/g, " ")}
emoji: 📊
colorFrom: indigo
colorTo: gray
sdk: static
app_file: index.html
short_description: Autocoder's three datasets as a live dashboard
---

# ${config.title}

The Autocoder dashboard, read-only, from the datasets
\`${config.namespace}/${config.datasetPrefix}-analysis-results\`, \`-test-planning-results\` and
\`-implementation-results\`, read in your browser straight from the Hub every
${Math.round(config.refreshMs / 1000)} s. Private datasets need a token with read access, entered on the
page and kept only in your browser.
`;
  return [
    { path: "index.html", source: "(generated)", bytes: Buffer.byteLength(html), text: html },
    { path: "hub-dashboard.js", source: bundle, bytes: stat.size },
    { path: "README.md", source: "(generated)", bytes: Buffer.byteLength(card), text: card },
  ];
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function text(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
