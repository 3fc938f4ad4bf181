import * as http from "node:http";
import { listenOnLoopback } from "./loopbackServer";

/** What the stand-in does with the next request. */
export type StandInReply =
  | { kind: "answer"; content: string; stream?: boolean }
  | { kind: "status"; status: number; retryAfter?: number }
  | { kind: "hang" }
  | { kind: "cut" };

/**
 * A loopback stand-in for an OpenAI-compatible server (Ollama, vLLM, llama.cpp, TGI) speaking
 * the documented contract of POST /v1/chat/completions: with `stream: true` server-sent events
 * of `chat.completion.chunk` objects (`choices[0].delta.content`, a final chunk with
 * `finish_reason: "stop"`, then `data: [DONE]`), otherwise one `chat.completion` object; errors
 * as `{ error: { message, type } }` with the status (and `Retry-After` when given). Each request
 * takes the next scripted reply; the last one repeats.
 */
export async function startOpenAiStandIn(script: StandInReply[]) {
  const requests: { url: string; headers: http.IncomingHttpHeaders; body: { model: string; stream?: boolean; messages: { role: string; content: string }[] } }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as (typeof requests)[number]["body"];
      requests.push({ url: req.url, headers: req.headers, body });
      const reply = script[Math.min(requests.length - 1, script.length - 1)]!;
      const id = `chatcmpl-${requests.length}`;
      const created = Math.floor(Date.now() / 1000);
      if (reply.kind === "hang") return;
      if (reply.kind === "status") {
        res.writeHead(reply.status, { "content-type": "application/json", ...(reply.retryAfter !== undefined ? { "retry-after": String(reply.retryAfter) } : {}) });
        res.end(JSON.stringify({ error: { message: reply.status === 429 ? "Rate limit reached" : "The server is overloaded", type: reply.status === 429 ? "rate_limit_error" : "server_error" } }));
        return;
      }
      const content = reply.kind === "answer" ? reply.content : "partial answer";
      if (reply.kind === "answer" && (reply.stream === false || !body.stream)) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id, object: "chat.completion", created, model: body.model, choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      const chunk = (delta: Record<string, string>, finish: string | null) => `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: "assistant" }, null));
      // Split mid-line as real servers do, so the client must reassemble events across reads.
      const pieces = content.match(/[\s\S]{1,7}/g) ?? [];
      for (const piece of pieces) res.write(chunk({ content: piece }, null));
      if (reply.kind === "cut") {
        // Once the first events are on the wire, the connection drops as a crashed server's would.
        setTimeout(() => res.socket?.destroy(), 100);
        return;
      }
      res.write(chunk({}, "stop"));
      res.end("data: [DONE]\n\n");
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close,
  };
}
