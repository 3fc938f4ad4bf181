/**
 * Adopted as a constructed stylesheet, which a nonce-based CSP allows. Colours come from VS
 * Code's theme variables, with fallbacks for a plain browser in light or dark mode.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --border: var(--vscode-panel-border, #d1d9e0);
  --warn: var(--vscode-editorWarning-foreground, #9a6700);
  --err: var(--vscode-errorForeground, #d1242f);
  --ok: var(--vscode-testing-iconPassed, #1a7f37);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: var(--vscode-editor-background, #0d1117);
    --fg: var(--vscode-editor-foreground, #e6edf3);
    --muted: var(--vscode-descriptionForeground, #9198a1);
    --border: var(--vscode-panel-border, #3d444d);
    --warn: var(--vscode-editorWarning-foreground, #d29922);
    --err: var(--vscode-errorForeground, #f85149);
    --ok: var(--vscode-testing-iconPassed, #3fb950);
  }
}
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif); }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 15px; margin: 24px 0 8px; }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
#connection { padding: 6px 10px; border: 1px solid var(--border); border-radius: 4px; }
#connection[data-state="open"] { border-color: var(--ok); }
#connection[data-state="closed"] { border-color: var(--err); color: var(--err); }
.warning { color: var(--warn); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--border); }
thead th { color: var(--muted); font-weight: 600; }
tr[data-state="backing-off"] .state, .last-error span { color: var(--err); }
tr[data-state="paused"] .state { color: var(--warn); }
#records { list-style: none; padding: 0; margin: 0; }
#records > li { padding: 8px 0; border-bottom: 1px solid var(--border); }
#records .head { color: var(--muted); }
#records .status { margin-left: 8px; font-weight: 600; }
#records li[data-status="error"] .status { color: var(--err); }
#records li[data-status="not_implemented"] .status { color: var(--warn); }
#records .summary { margin: 4px 0; }
#problems { color: var(--err); }
`;
