import { existsSync, promises as fs } from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { WORKER_IDS, type WorkerId } from "../protocol";
import { FailedAuthLimiter, hostHeaderAllowed, presentedToken, tokenMatches } from "./auth";
import type { Backend } from "./backend";
import { dashboardPage } from "./dashboardPage";
import { SocketHub } from "./socketHub";

export interface HttpOptions {
  backend: Backend;
  host: string;
  port: number;
  token: string | null;
  version: string;
  workspace: string;
  /** Folder holding the built dashboard bundle (`dashboard.js`). */
  assetsDir: string;
  log: (line: string) => void;
}

export interface RunningHttp {
  url: string;
  port: number;
  hub: SocketHub;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** Where the built bundle is: beside dist/cli.js when bundled, or dist/ when run from source. */
export function defaultAssetsDir(): string {
  const candidates = [path.join(__dirname, "webview"), path.resolve(__dirname, "..", "..", "dist", "webview")];
  return candidates.find((dir) => existsSync(path.join(dir, "dashboard.js"))) ?? candidates[0]!;
}

export async function startHttp(options: HttpOptions): Promise<RunningHttp> {
  const limiter = new FailedAuthLimiter();
  const hub = new SocketHub({ backend: options.backend, version: options.version, workspace: options.workspace, log: options.log });

  /** null when the request may go on; otherwise the status, message and headers of the refusal. */
  const refusal = (req: http.IncomingMessage, isUpgrade: boolean): Refusal | null => {
    const address = req.socket.remoteAddress ?? "?";
    if (options.token === null) {
      if (!hostHeaderAllowed(req.headers.host)) {
        return { status: 403, message: "this server only answers requests addressed to 127.0.0.1 or localhost" };
      }
      const origin = req.headers.origin;
      if (isUpgrade && origin !== undefined && !sameOrigin(origin, req.headers.host)) {
        return { status: 403, message: `cross-origin WebSocket connections are refused (origin ${origin})` };
      }
      return null;
    }
    // Checked before the token: were a right token let through while blocked, a guesser would
    // learn of its hit at full speed and the limit would bound nothing.
    const wait = limiter.retryAfterSeconds(address);
    if (wait > 0) {
      return {
        status: 429,
        message: `too many wrong tokens from ${address}; try again in ${wait} s with the token the server was started with`,
        headers: { "retry-after": String(wait) },
      };
    }
    if (tokenMatches(options.token, presentedToken(req, isUpgrade))) return null;
    limiter.recordFailure(address);
    return { status: 401, message: "missing or wrong token: send Authorization: Bearer <token>" };
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      options.log(`http ${req.method} ${req.url}: ${err.stack ?? err.message}`);
      if (!res.headersSent) sendJson(res, 500, { error: "internal error; see the server log" });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return sendJson(res, 405, { error: `method ${req.method} is not allowed` });
    }
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (options.token === null && !hostHeaderAllowed(req.headers.host)) {
      return sendJson(res, 403, { error: "this server only answers requests addressed to 127.0.0.1 or localhost" });
    }
    if (url.pathname === "/") {
      const { html, csp } = dashboardPage();
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": "text/html; charset=utf-8", "content-security-policy": csp });
      res.end(req.method === "HEAD" ? undefined : html);
      return;
    }
    if (url.pathname === "/dashboard.js" || url.pathname === "/dashboard.js.map") {
      return sendAsset(req, res, path.join(options.assetsDir, url.pathname.slice(1)));
    }
    if (!url.pathname.startsWith("/api/")) return sendJson(res, 404, { error: `no such page: ${url.pathname}` });

    const refused = refusal(req, false);
    if (refused) return sendJson(res, refused.status, { error: refused.message }, refused.headers);
    const { backend } = options;
    switch (url.pathname) {
      case "/api/status":
        return sendJson(res, 200, backend.status());
      case "/api/findings":
        return sendJson(res, 200, backend.findings());
      case "/api/test-plans":
        return sendJson(res, 200, backend.testPlans());
      case "/api/implementations":
        return sendJson(res, 200, { records: backend.implementations() });
      case "/api/iterations": {
        const worker = url.searchParams.get("worker");
        if (!WORKER_IDS.includes(worker as WorkerId)) {
          return sendJson(res, 400, { error: `worker must be one of ${WORKER_IDS.join(", ")}` });
        }
        const limit = Number(url.searchParams.get("limit") ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
          return sendJson(res, 400, { error: "limit must be an integer from 1 to 200" });
        }
        return sendJson(res, 200, { records: backend.iterations(worker as WorkerId, limit) });
      }
      default:
        return sendJson(res, 404, { error: `no such endpoint: ${url.pathname}` });
    }
  }

  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://local");
    if (url.pathname !== "/ws") return rejectUpgrade(socket, 404, "no WebSocket endpoint here; use /ws");
    const refused = refusal(req, true);
    if (refused) return rejectUpgrade(socket, refused.status, refused.message, refused.headers);
    hub.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const hostForUrl = options.host.includes(":") ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    hub,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, "content-type": "application/json; charset=utf-8" });
  res.end(res.req.method === "HEAD" ? undefined : text);
}

async function sendAsset(req: http.IncomingMessage, res: http.ServerResponse, file: string): Promise<void> {
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return sendJson(res, 503, { error: "the dashboard bundle is not built; run `npm run build`" });
  }
  const type = file.endsWith(".map") ? "application/json" : "text/javascript; charset=utf-8";
  res.writeHead(200, { ...SECURITY_HEADERS, "content-type": type });
  res.end(req.method === "HEAD" ? undefined : body);
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function rejectUpgrade(socket: import("node:stream").Duplex, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: message });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n${extra}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
