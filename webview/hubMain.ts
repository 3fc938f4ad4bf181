import "./zodWithoutEval";
import { initialState, reduce, type DashboardState } from "./dashboardState";
import { HubDatasetTransport } from "./hubTransport";
import { ProtocolClient } from "./protocolClient";
import { refreshTimes } from "./dom";
import { pageFrame } from "./pageFrame";
import { appendProblem, renderConnection, renderMeta, renderRecords } from "./statusView";
import { renderWorkers } from "./workersView";
import { STYLES } from "./styles";

// The static dashboard Space: the same page, fed by the Hub datasets instead of a server.
// Which datasets comes from the page's own data attributes, written when it was deployed.

const TOKEN_KEY = "autocoder.hfToken";

function tokenForm(): HTMLElement {
  const form = document.createElement("form");
  form.id = "token-form";
  const label = document.createElement("label");
  label.textContent = "Hugging Face token for private datasets (kept in this browser only): ";
  const input = document.createElement("input");
  input.type = "password";
  input.name = "token";
  input.autocomplete = "off";
  input.placeholder = localStorage.getItem(TOKEN_KEY) ? "a token is saved" : "hf_…";
  label.append(input);
  const save = document.createElement("button");
  save.type = "submit";
  save.textContent = "Save and reload";
  const forget = document.createElement("button");
  forget.type = "button";
  forget.textContent = "Forget the token";
  forget.addEventListener("click", () => {
    localStorage.removeItem(TOKEN_KEY);
    location.reload();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) localStorage.setItem(TOKEN_KEY, input.value.trim());
    location.reload();
  });
  form.append(label, save, forget);
  return form;
}

function start(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  document.adoptedStyleSheets = [sheet];
  const config = document.body.dataset;
  const app = document.getElementById("app")!;
  app.replaceChildren(pageFrame(), tokenForm());
  const connection = document.getElementById("connection")!;
  const meta = document.getElementById("meta")!;
  const workers = document.querySelector<HTMLElement>("#workers tbody")!;
  const records = document.getElementById("records")!;
  const problems = document.getElementById("problems")!;

  let state: DashboardState = initialState;
  const transport = new HubDatasetTransport({
    hubUrl: config.hub ?? "https://huggingface.co",
    namespace: config.namespace ?? "",
    datasetPrefix: config.prefix ?? "autocoder",
    token: localStorage.getItem(TOKEN_KEY),
    refreshMs: Number(config.refreshMs ?? 60_000),
  });
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
    if (next.status !== state.status && next.status) renderWorkers(workers, next.status.workers, null);
    if (next.records !== state.records) renderRecords(records, next.records);
    if (next.lastError !== state.lastError && next.lastError) appendProblem(problems, next.lastError);
    state = next;
  });
  setInterval(() => refreshTimes(document), 1000);
}

start();
