import "./zodWithoutEval";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { WorkerId } from "../server/protocol";
import { ArchitectureView } from "./architectureView";
import { findingsTrend } from "./dashboardMetrics";
import { initialState, reduce, type DashboardState } from "./dashboardState";
import { refreshTimes } from "./dom";
import { renderFindings, type OpenFile } from "./findingsList";
import { renderFindingsMatrix, renderOverview, renderTiles } from "./metricsView";
import { pageFrame } from "./pageFrame";
import { ProtocolClient } from "./protocolClient";
import { appendProblem, renderConnection, renderMeta, renderRecords } from "./statusView";
import { STYLES } from "./styles";
import type { Transport } from "./transport";
import { TrendChart } from "./trendChart";
import { renderWorkers } from "./workersView";

/** How the page reaches its data, and what this reader may do. */
export interface DashboardConnection {
  transport: Transport;
  openFile: OpenFile;
  /** Said where Start/Stop would be, while they are not offered. */
  controlHint: string;
  /** False where the source only reads (the Hub datasets): no Start/Stop whatever the connection. */
  controls: boolean;
  /** Whether the source answers `graph.get` (the datasets hold no import graph). */
  graph: boolean;
  /** Shown under the title, e.g. the Hub page's token form. */
  extra?: HTMLElement;
}

/** The dashboard, whatever feeds it: a server's WebSocket, VS Code's relay, or the Hub datasets. */
export function startDashboard(connect: (problem: (text: string) => void) => DashboardConnection): void {
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
  const { transport, openFile, controlHint, controls, graph, extra } = connect((text) => appendProblem(problems, text));
  if (extra) byId("connection").after(extra);
  const client = new ProtocolClient(transport);
  const architecture = new ArchitectureView(byId("architecture"), openFile ? (file) => openFile(file) : null);
  // Asked once on connecting and again after each architecture pass: pushed in effect, never polled.
  const fetchGraph = () =>
    !graph
      ? Promise.resolve(byId("architecture").replaceChildren("The import graph is not in the datasets; it is drawn by a running server's dashboard."))
      : client
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
          mayControl = controls;
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
