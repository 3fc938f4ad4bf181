import "./zodWithoutEval";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { Range, WorkerId } from "../server/protocol";
import { ArchitectureView } from "./architectureView";
import { findingsTrend } from "./dashboardMetrics";
import { initialState, reduce, type DashboardState } from "./dashboardState";
import { refreshTimes } from "./dom";
import { renderFindings, type OpenFile } from "./findingsList";
import { renderFindingsMatrix, renderOverview, renderTiles } from "./metricsView";
import { pageFrame } from "./pageFrame";
import { PostMessageTransport, type WebviewApi } from "./postMessageTransport";
import { ProtocolClient } from "./protocolClient";
import { appendProblem, renderConnection, renderMeta, renderRecords } from "./statusView";
import { STYLES } from "./styles";
import type { Transport } from "./transport";
import { TrendChart } from "./trendChart";
import { WebSocketTransport } from "./webSocketTransport";
import { renderWorkers } from "./workersView";

declare function acquireVsCodeApi(): WebviewApi;

/** A token in `/#token=…` moves to sessionStorage and out of the address bar (and history). */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("autocoder.token", decodeURIComponent(match[1]!));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("autocoder.token");
}

/** Inside VS Code the extension relays the protocol over postMessage; in a browser the page opens its own WebSocket. */
function connect(problem: (text: string) => void): { transport: Transport; openFile: OpenFile; controlHint: string } {
  if (typeof acquireVsCodeApi === "function") {
    const transport = new PostMessageTransport(acquireVsCodeApi(), window, problem);
    return {
      transport,
      openFile: (file: string, range?: Range) => transport.openFile(file, range),
      controlHint: "Start and Stop appear once the extension is connected to its Autocoder server.",
    };
  }
  return {
    transport: WebSocketTransport.forPage(location, takeToken()),
    openFile: null,
    controlHint: "Start and Stop appear once this page is connected with the server's token (open it as /#token=YOUR_TOKEN when the server requires one).",
  };
}

function start(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  document.adoptedStyleSheets = [sheet];
  const app = document.getElementById("app")!;
  app.replaceChildren(pageFrame());
  const byId = (id: string) => document.getElementById(id)!;
  const problems = byId("problems");
  const workers = document.querySelector<HTMLElement>("#workers tbody")!;
  const controlNote = byId("control-note");
  const trend = new TrendChart(byId("trend"));

  let state: DashboardState = initialState;
  const { transport, openFile, controlHint } = connect((text) => appendProblem(problems, text));
  const client = new ProtocolClient(transport);
  const architecture = new ArchitectureView(byId("architecture"), openFile ? (file) => openFile(file) : null);
  // Asked once on connecting and again after each architecture pass: pushed in effect, never polled.
  const fetchGraph = () =>
    client
      .request({ type: "graph.get" })
      .then((reply) => reply.type === "graph" && architecture.update(reply.graph))
      .catch((err: Error) => appendProblem(problems, `could not load the import graph: ${err.message}`));

  // Start/Stop are offered only on a connection the server has accepted and answered: a server
  // that requires a token refuses the WebSocket without it, so a page that lacks the token never
  // gets here and draws no buttons. The server checks every request regardless.
  let mayControl = false;
  const control = (worker: WorkerId, run: boolean) => {
    client
      .request({ type: run ? "worker.start" : "worker.stop", worker })
      .catch((err: Error) => {
        appendProblem(problems, `could not ${run ? "start" : "stop"} ${worker}: ${err.message}`);
        drawWorkers();
      });
  };
  const drawWorkers = () => {
    if (state.status) renderWorkers(workers, state.status.workers, mayControl ? control : null);
    controlNote.textContent = mayControl ? "" : controlHint;
  };

  drawWorkers();

  transport.onState((s) => {
    renderConnection(byId("connection"), s);
    if (s.kind === "open") {
      client
        .request({ type: "subscribe" })
        .then(() => {
          mayControl = true;
          drawWorkers();
          void fetchGraph();
        })
        .catch((err: Error) => appendProblem(problems, err.message));
    } else if (mayControl) {
      mayControl = false;
      drawWorkers();
    }
  });
  client.onProblem((text) => appendProblem(problems, text));
  client.onMessage((message) => {
    if (message.type === "iteration" && message.summary.worker === "analysis" && message.summary.perspective_id === "architecture") void fetchGraph();
    const next = reduce(state, message);
    if (next === state) return;
    const previous = state;
    state = next;
    if (next.hello !== previous.hello || next.status !== previous.status) renderMeta(byId("meta"), next);
    if (next.status !== previous.status) {
      renderOverview(byId("overview"), next);
      drawWorkers();
    }
    if (next.findings !== previous.findings) {
      renderFindingsMatrix(byId("findings-matrix"), next);
      renderFindings(byId("findings"), byId("findings-note"), next.findings?.findings ?? null, openFile);
    }
    if (next.findings !== previous.findings || next.planning !== previous.planning || next.implementation !== previous.implementation) {
      renderTiles(byId("tiles"), next);
    }
    if (next.analysis !== previous.analysis) trend.update(findingsTrend(next.analysis));
    if (next.records !== previous.records) renderRecords(byId("records"), next.records);
    if (next.lastError !== previous.lastError && next.lastError) appendProblem(problems, next.lastError);
  });
  renderTiles(byId("tiles"), state);
  renderFindingsMatrix(byId("findings-matrix"), state);
  trend.update(findingsTrend([]));
  // Rendering only: relative times tick locally; data arrives by push, never by polling.
  setInterval(() => refreshTimes(document), 1000);
}

start();
