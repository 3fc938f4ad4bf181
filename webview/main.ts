import type { Range } from "../server/protocol";
import { startDashboard, type DashboardConnection } from "./dashboardPage";
import { PostMessageTransport, type WebviewApi } from "./postMessageTransport";
import { WebSocketTransport } from "./webSocketTransport";

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
function connect(problem: (text: string) => void): DashboardConnection {
  if (typeof acquireVsCodeApi === "function") {
    const transport = new PostMessageTransport(acquireVsCodeApi(), window, problem);
    return {
      transport,
      openFile: (file: string, range?: Range) => transport.openFile(file, range),
      controlHint: "Start and Stop appear once the extension is connected to its Autocoder server.",
      controls: true,
      graph: true,
    };
  }
  return {
    transport: WebSocketTransport.forPage(location, takeToken()),
    openFile: null,
    controlHint: "Start and Stop appear once this page is connected with the server's token (open it as /#token=YOUR_TOKEN when the server requires one).",
    controls: true,
    graph: true,
  };
}

startDashboard(connect);
