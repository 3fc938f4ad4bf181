import "./zodWithoutEval";
import { initialState, reduce, type DashboardState } from "./dashboardState";
import { ProtocolClient } from "./protocolClient";
import { appendProblem, pageFrame, refreshTimes, renderConnection, renderMeta, renderRecords, renderWorkers } from "./statusView";
import { STYLES } from "./styles";
import { WebSocketTransport } from "./webSocketTransport";

/** A token in `/#token=…` moves to sessionStorage and out of the address bar (and history). */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("autocoder.token", decodeURIComponent(match[1]!));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("autocoder.token");
}

function start(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  document.adoptedStyleSheets = [sheet];
  const app = document.getElementById("app")!;
  app.replaceChildren(pageFrame());
  const connection = document.getElementById("connection")!;
  const meta = document.getElementById("meta")!;
  const workers = document.querySelector<HTMLElement>("#workers tbody")!;
  const records = document.getElementById("records")!;
  const problems = document.getElementById("problems")!;

  let state: DashboardState = initialState;
  const transport = WebSocketTransport.forPage(location, takeToken());
  const client = new ProtocolClient(transport);
  transport.onState((s) => {
    renderConnection(connection, s);
    if (s.kind === "open") client.request({ type: "subscribe" }).catch((err: Error) => appendProblem(problems, err.message));
  });
  client.onProblem((text) => appendProblem(problems, text));
  client.onMessage((message) => {
    const next = reduce(state, message);
    if (next === state) return;
    if (next.hello !== state.hello || next.status !== state.status) renderMeta(meta, next);
    if (next.status !== state.status && next.status) renderWorkers(workers, next.status.workers);
    if (next.records !== state.records) renderRecords(records, next.records);
    if (next.lastError !== state.lastError && next.lastError) appendProblem(problems, next.lastError);
    state = next;
  });
  // Rendering only: relative times tick locally; data arrives by push, never by polling.
  setInterval(() => refreshTimes(document), 1000);
}

start();
