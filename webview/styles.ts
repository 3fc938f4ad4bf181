import uplotCss from "uplot/dist/uPlot.min.css";

/**
 * Adopted as a constructed stylesheet, which a nonce-based CSP allows. Colours come from VS
 * Code's theme variables, with fallbacks for a plain browser in light or dark mode.
 */
export const STYLES = uplotCss + `
:root {
  color-scheme: light dark;
  --bg: var(--vscode-editor-background, #ffffff);
  --fg: var(--vscode-editor-foreground, #1f2328);
  --muted: var(--vscode-descriptionForeground, #59636e);
  --border: var(--vscode-panel-border, #d1d9e0);
  --warn: var(--vscode-editorWarning-foreground, #9a6700);
  --err: var(--vscode-errorForeground, #d1242f);
  --ok: var(--vscode-testing-iconPassed, #1a7f37);
  --info: var(--vscode-editorInfo-foreground, #0969da);
  --tile: var(--vscode-sideBar-background, #f6f8fa);
  --link: var(--vscode-textLink-foreground, #0969da);
  --focus: var(--vscode-focusBorder, #0969da);
  --contrast: var(--vscode-contrastBorder, transparent);
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
    --info: var(--vscode-editorInfo-foreground, #4493f8);
    --tile: var(--vscode-sideBar-background, #151b23);
    --link: var(--vscode-textLink-foreground, #4493f8);
    --focus: var(--vscode-focusBorder, #4493f8);
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
h3 { font-size: 13px; margin: 16px 0 8px; color: var(--muted); font-weight: 600; }
.muted { color: var(--muted); }
.scroll { overflow-x: auto; }
a { color: var(--link); }
a:focus-visible, vscode-button:focus-visible { outline: 1px solid var(--focus); outline-offset: 1px; }
#overview { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; margin: 12px 0; padding: 10px 12px;
  border: 1px solid var(--border); border-left: 4px solid var(--ok); border-radius: 4px; }
#overview[data-kind="degraded"] { border-left-color: var(--err); }
#overview[data-kind="stopped"] { border-left-color: var(--warn); }
#overview .headline { font-size: 15px; }
#overview .problems { flex-basis: 100%; margin: 4px 0 0; padding-left: 20px; color: var(--err); }
td.actions { text-align: right; white-space: nowrap; }
#tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 8px; }
.tile { display: flex; flex-direction: column; padding: 10px 12px; background: var(--tile);
  border: 1px solid var(--contrast); border-radius: 4px; }
.tile .value { font-size: 22px; font-weight: 600; }
.tile .label { color: var(--muted); }
.tile .note { color: var(--muted); font-size: 12px; margin-top: 4px; }
.tile .tests { font-size: 12px; margin-top: 4px; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 0 24px; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.error { color: var(--err); } td.warning { color: var(--warn); } td.info { color: var(--info); }
tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
#trend .caption { color: var(--muted); margin: 4px 0 0; }
#trend .u-legend { color: var(--fg); }
#architecture .toolbar { display: flex; gap: 8px; margin-bottom: 6px; }
#architecture .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 4px 0; font-size: 12px; }
#architecture .key::before { content: ""; display: inline-block; width: 18px; height: 0; margin-right: 6px; vertical-align: middle;
  border-top: 2px solid var(--muted); }
#architecture .key.cycle::before { border-top-color: var(--err); }
#architecture .key.violation::before { border-top: 2px dashed var(--warn); }
#architecture .key.type-only::before { border-top: 2px dotted var(--muted); }
#architecture .key.folder::before { height: 10px; width: 14px; border: 1px solid var(--fg); background: var(--tile); }
#architecture .picture { overflow: auto; max-height: 70vh; border: 1px solid var(--border); border-radius: 4px; }
#architecture svg { display: block; font: 12px var(--vscode-editor-font-family, ui-monospace, monospace); }
#architecture .edge { fill: none; stroke: var(--muted); stroke-width: 1.2; }
#architecture .edge.type-only { stroke-dasharray: 2 3; }
#architecture .edge.cycle { stroke: var(--err); stroke-width: 2; }
#architecture .edge.violation { stroke: var(--warn); stroke-width: 2; stroke-dasharray: 6 3; }
#architecture .arrowhead { fill: var(--muted); }
#architecture .node rect { fill: var(--bg); stroke: var(--fg); stroke-width: 1; }
#architecture .node.folder rect { fill: var(--tile); stroke-width: 1.5; }
#architecture .node.cycle.runtime rect { stroke: var(--err); stroke-width: 2; }
#architecture .node.cycle.type-only rect { stroke: var(--err); stroke-dasharray: 3 2; }
#architecture .node.violation rect { stroke: var(--warn); stroke-width: 2; }
#architecture .node text { fill: var(--fg); }
#architecture .node[role="button"] { cursor: pointer; }
#architecture .node[role="button"]:hover rect, #architecture .node:focus-visible rect { stroke: var(--focus); stroke-width: 2; }
#architecture .node:focus { outline: none; }
#findings { list-style: none; padding: 0; margin: 0; }
#findings > li { padding: 6px 0; border-bottom: 1px solid var(--border); }
#findings .severity { display: inline-block; min-width: 64px; font-weight: 600; text-transform: uppercase; font-size: 11px; }
#findings li[data-severity="error"] .severity { color: var(--err); }
#findings li[data-severity="warning"] .severity { color: var(--warn); }
#findings li[data-severity="info"] .severity { color: var(--info); }
#findings .meta { color: var(--muted); font-size: 12px; }
#findings .evidence { margin: 4px 0 0; padding: 4px 8px; background: var(--tile); white-space: pre-wrap; overflow-wrap: anywhere;
  font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12px; }
#findings .suggestion { margin: 4px 0 0; }
`;
