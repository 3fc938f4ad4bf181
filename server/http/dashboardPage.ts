import { randomBytes } from "node:crypto";

/** The page that hosts the dashboard bundle; every response gets a fresh nonce. */
export function dashboardPage(): { html: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Autocoder</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app"><noscript>The Autocoder dashboard needs JavaScript.</noscript></div>
<script nonce="${nonce}" src="/dashboard.js"></script>
</body>
</html>
`;
  return { html, csp };
}
