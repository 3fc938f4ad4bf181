import * as http from "node:http";
import { listenOnLoopback } from "./loopbackServer";

/** What the stand-in does with the next request. */
export type HfStandInReply =
  | { kind: "answer"; content: string }
  | { kind: "status"; status: 429 | 500 | 502 | 503 | 504; retryAfter?: string }
  /** An error event inside a 200 stream, as a provider sends when generation fails midway. */
  | { kind: "stream-error"; message: string }
  /** A `data:` line that is not JSON. */
  | { kind: "malformed" }
  /** The first events, then the connection drops. */
  | { kind: "cut" }
  /** Events without a finishing chunk, then a clean close (no `[DONE]`). */
  | { kind: "unfinished" }
  | { kind: "hang" };

export interface HfStandInRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: { model?: string; stream?: boolean; temperature?: number; messages?: { role: string; content: string }[] };
}

/**
 * A loopback stand-in for what `@huggingface/inference`'s chatCompletionStream talks to: the
 * Inference Providers router's OpenAI-compatible `POST /v1/chat/completions` (the same contract
 * a dedicated Inference Endpoint or TGI server speaks at `<endpointUrl>/v1/chat/completions`).
 * It checks what the real service checks — `Authorization: Bearer <token>` (401 with
 * `{"error": "..."}` otherwise), a JSON body with `model` and `messages` (422 otherwise) — and
 * answers `stream: true` with server-sent events of `chat.completion.chunk` objects
 * (`choices[0].delta.content`, a chunk with `finish_reason: "stop"`, then `data: [DONE]`).
 * Faults are scripted per request (the last one repeats): 429/5xx with `Retry-After` and an
 * `{"error": ...}` body, an error event mid-stream, a line that is not JSON, a dropped
 * connection, a stream that ends unfinished, a request never answered.
 */
export async function startHfInferenceStandIn(options: { token: string; script: HfStandInReply[] }) {
  const requests: HfStandInRequest[] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { "content-type": "application/json", "x-request-id": `req-${requests.length}`, ...headers }).end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") return json(res, 404, { error: `Not Found: ${req.method} ${req.url}` });
      let body: HfStandInRequest["body"];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as HfStandInRequest["body"];
      } catch {
        return json(res, 400, { error: "Invalid JSON body" });
      }
      requests.push({ url: req.url, headers: req.headers, body });
      if (req.headers.authorization !== `Bearer ${options.token}`) return json(res, 401, { error: "Invalid credentials in Authorization header" });
      if (typeof body.model !== "string" || !Array.isArray(body.messages)) return json(res, 422, { error: { message: "model and messages are required", type: "invalid_request_error" } });
      const reply = options.script[Math.min(requests.length - 1, options.script.length - 1)]!;
      if (reply.kind === "hang") return;
      if (reply.kind === "status") {
        const retry: Record<string, string> = reply.retryAfter !== undefined ? { "retry-after": reply.retryAfter } : {};
        const message = reply.status === 429 ? "You have exceeded your rate limit for Inference Providers." : reply.status === 503 ? "Service Unavailable: the model is loading" : "Internal Server Error";
        return json(res, reply.status, { error: message }, retry);
      }
      const id = `chatcmpl-${requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      const event = (delta: Record<string, string>, finish: string | null) =>
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, system_fingerprint: "stand-in", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-request-id": `req-${requests.length}` });
      res.write(event({ role: "assistant", content: "" }, null));
      if (reply.kind === "malformed") return res.end('data: {"choices": [{"delta": {"content": "cut\n\n');
      if (reply.kind === "stream-error") return res.end(`data: ${JSON.stringify({ error: { message: reply.message, type: "server_error" } })}\n\n`);
      const content = reply.kind === "answer" ? reply.content : "partial answer that goes on";
      // Split within events as a real server's writes are split, so the client reassembles lines.
      const text = (content.match(/[\s\S]{1,7}/g) ?? []).map((piece) => event({ content: piece }, null)).join("");
      for (let at = 0; at < text.length; at += 50) res.write(text.slice(at, at + 50));
      if (reply.kind === "cut") return void setTimeout(() => res.socket?.destroy(), 100);
      if (reply.kind === "unfinished") return res.end();
      res.write(event({}, "stop"));
      res.end("data: [DONE]\n\n");
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    /** What `endpointUrl` (or `HF_INFERENCE_ENDPOINT`) is set to: the library appends `/chat/completions`. */
    endpointUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close,
  };
}
