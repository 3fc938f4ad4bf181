import { startDashboard } from "./dashboardPage";
import { HubDatasetTransport } from "./hubTransport";

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

startDashboard(() => {
  const config = document.body.dataset;
  const transport = new HubDatasetTransport({
    hubUrl: config.hub ?? "https://huggingface.co",
    namespace: config.namespace ?? "",
    datasetPrefix: config.prefix ?? "autocoder",
    token: localStorage.getItem(TOKEN_KEY),
    refreshMs: Number(config.refreshMs ?? 60_000),
  });
  return {
    transport,
    openFile: null,
    controlHint: "This dashboard reads the Hub datasets: start and stop workers on the server that publishes them.",
    controls: false,
    graph: false,
    extra: tokenForm(),
  };
});
