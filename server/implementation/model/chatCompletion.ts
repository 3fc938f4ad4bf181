import type { OpenAiModelSpec } from "./modelSpec";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Why a model call failed, in words for the record, and whether the endpoint asked us to wait. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
}

export interface ChatOptions {
  timeoutMs?: number;
  /** Bearer token for endpoints that need one (`OPENAI_API_KEY`); local servers usually do not. */
  apiKey?: string | null;
  fetch?: typeof fetch;
}

/**
 * One chat completion from an OpenAI-compatible `/v1/chat/completions`, streamed (server-sent
 * events, `data: {choices:[{delta:{content}}]}` until `data: [DONE]`), returned as the whole
 * text. Rejects with a ModelError on a timeout, an HTTP error (429 and 5xx keep `Retry-After`),
 * a stream that breaks off, or an answer with no text.
 */
export async function chatCompletion(spec: OpenAiModelSpec, messages: ChatMessage[], options: ChatOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(`${spec.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      body: JSON.stringify({ model: spec.model, messages, stream: true, temperature: 0 }),
      signal,
    });
  } catch (err) {
    throw new ModelError(signal.aborted ? `no answer within ${timeoutMs / 1000} s` : `could not reach ${spec.baseUrl}: ${(err as Error).message}`, null, null);
  }
  if (!response.ok) {
    const retry = Number(response.headers.get("retry-after"));
    const body = await response.text().catch(() => "");
    throw new ModelError(`HTTP ${response.status}${body ? `: ${body.replace(/\s+/g, " ").slice(0, 200)}` : ""}`, response.status, Number.isFinite(retry) && retry >= 0 ? retry : null);
  }
  try {
    const type = response.headers.get("content-type") ?? "";
    const text = type.includes("text/event-stream") ? await readStream(response) : readWhole((await response.json()) as CompletionBody);
    if (!text.trim()) throw new ModelError("the model answered with no text", response.status, null);
    return text;
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError(signal.aborted ? `the answer did not finish within ${timeoutMs / 1000} s` : `unreadable answer: ${(err as Error).message}`, response.status, null);
  }
}

interface CompletionBody {
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
  error?: { message?: string };
}

/** A non-streamed answer: some servers ignore `stream: true`. */
function readWhole(body: CompletionBody): string {
  if (body.error) throw new ModelError(`the endpoint reported: ${body.error.message ?? "an error"}`, null, null);
  return body.choices?.[0]?.message?.content ?? "";
}

async function readStream(response: Response): Promise<string> {
  if (!response.body) throw new ModelError("the stream had no body", response.status, null);
  const decoder = new TextDecoder();
  let pending = "";
  let text = "";
  let done = false;
  let finished = false;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let nl;
    while ((nl = pending.indexOf("\n")) !== -1) {
      const line = pending.slice(0, nl).replace(/\r$/, "");
      pending = pending.slice(nl + 1);
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (data === "[DONE]") {
        done = true;
        break;
      }
      const event = JSON.parse(data) as CompletionBody;
      if (event.error) throw new ModelError(`the endpoint reported: ${event.error.message ?? "an error"}`, null, null);
      text += event.choices?.[0]?.delta?.content ?? "";
      if (event.choices?.[0]?.finish_reason) finished = true;
    }
    if (done) break;
  }
  // Some servers close after the finishing chunk without [DONE]; a stream cut short has neither.
  if (!done && !finished) throw new ModelError("the stream ended before the answer was finished", response.status, null);
  return text;
}
