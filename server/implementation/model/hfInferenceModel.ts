import { chatCompletionStream, InferenceClientProviderApiError } from "@huggingface/inference";
import { ModelError, type ChatMessage } from "./chatCompletion";
import type { ModelClient } from "./modelClient";
import type { HfModelSpec } from "./modelSpec";

export interface HfModelOptions {
  /** `HF_TOKEN`: a Hugging Face token allowed to call Inference Providers. */
  accessToken: string;
  /**
   * Where the chat completions go instead of the Inference Providers router: a dedicated
   * Inference Endpoint or TGI server (`…/v1`), or a test's stand-in. Unset: the router.
   */
  endpointUrl?: string | null;
  timeoutMs?: number;
  /** Calls in all, the first included, while the service answers 429 or 5xx. */
  maxAttempts?: number;
  /** The wait before the second call when the service names none (doubled after each). */
  backoffMs?: number;
  /** The longest `Retry-After` waited for; a longer one is a failure the deterministic result covers. */
  maxWaitMs?: number;
}

const DEFAULTS = { timeoutMs: 120_000, maxAttempts: 3, backoffMs: 2_000, maxWaitMs: 30_000 };

/**
 * The production client for `--llm hf:<model>`: one streamed chat completion through
 * `@huggingface/inference`. The library retries a 503 at once and without end unless told not
 * to, so it is called with `retry_on_error: false` and this client backs off itself: on 429 or
 * 5xx it waits the service's `Retry-After` (or 2 s, 4 s, …) and tries again, at most
 * `maxAttempts` calls. Any other failure — a rejected token, a timeout, a stream that breaks
 * off or does not parse — is a ModelError at once, and stage 6 keeps its deterministic result.
 */
export function hfInferenceModel(spec: HfModelSpec, options: HfModelOptions): ModelClient {
  const o = { ...DEFAULTS, ...options };
  const where = o.endpointUrl ? o.endpointUrl : "Hugging Face Inference Providers";
  return {
    name: `${spec.model} on ${where}`,
    async ask(messages) {
      let wait = o.backoffMs;
      for (let attempt = 1; ; attempt++) {
        try {
          return await streamOnce(spec, messages, o);
        } catch (err) {
          const e = err as ModelError;
          const retriable = e.status !== null && (e.status === 429 || e.status >= 500);
          if (!retriable) throw e;
          if (attempt >= o.maxAttempts) throw new ModelError(`${e.message} (${attempt} attempts)`, e.status, e.retryAfterSeconds);
          const asked = e.retryAfterSeconds === null ? null : e.retryAfterSeconds * 1000;
          if (asked !== null && asked > o.maxWaitMs) throw new ModelError(`${e.message}; the service asked to wait ${e.retryAfterSeconds} s, longer than ${o.maxWaitMs / 1000} s`, e.status, e.retryAfterSeconds);
          await new Promise((resolve) => setTimeout(resolve, asked ?? wait));
          wait *= 2;
        }
      }
    },
  };
}

async function streamOnce(spec: HfModelSpec, messages: ChatMessage[], o: HfModelOptions & typeof DEFAULTS): Promise<string> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  // The library's errors carry the status but not the headers; Retry-After is read here.
  let retryAfter: number | null = null;
  const observed: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    retryAfter = response.ok ? null : retryAfterSeconds(response.headers.get("retry-after"));
    return response;
  };
  let text = "";
  let finished = false;
  try {
    const stream = chatCompletionStream(
      { model: spec.model, messages: messages.map((m) => ({ role: m.role, content: m.content })), temperature: 0, accessToken: o.accessToken, ...(o.endpointUrl ? { endpointUrl: o.endpointUrl } : {}) },
      { retry_on_error: false, signal, fetch: observed },
    );
    for await (const chunk of stream) {
      const choice = chunk.choices?.[0];
      text += choice?.delta?.content ?? "";
      if (choice?.finish_reason) finished = true;
    }
  } catch (err) {
    if (signal.aborted) throw new ModelError(`no whole answer within ${o.timeoutMs / 1000} s`, null, null);
    if (err instanceof InferenceClientProviderApiError && err.httpResponse.status === 200) {
      throw new ModelError(`the service reported an error in the stream: ${err.message.replace(/\s+/g, " ").slice(0, 200)}`, null, null);
    }
    if (err instanceof InferenceClientProviderApiError) {
      const status = err.httpResponse.status;
      const why = status === 401 || status === 403 ? " (HF_TOKEN was refused: it needs the permission to call Inference Providers)" : "";
      throw new ModelError(`HTTP ${status}: ${err.message.replace(/\s+/g, " ").slice(0, 200)}${why}`, status, retryAfter);
    }
    if (err instanceof SyntaxError) throw new ModelError(`the stream is not well-formed: ${err.message}`, null, null);
    throw new ModelError(`the call failed: ${(err as Error).message}${(err as Error & { cause?: Error }).cause ? ` (${(err as Error & { cause: Error }).cause.message})` : ""}`, null, null);
  }
  // The library ends quietly when the connection closes; only a finishing chunk says the answer is whole.
  if (!finished) throw new ModelError("the stream ended before the answer was finished", null, null);
  if (!text.trim()) throw new ModelError("the model answered with no text", null, null);
  return text;
}

/** `Retry-After` as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
function retryAfterSeconds(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
