import { chatCompletion, ModelError, type ChatMessage } from "./chatCompletion";
import type { OpenAiModelSpec } from "./modelSpec";

/** The model stage 6 may ask for code, as the record names it. */
export interface ModelClient {
  name: string;
  ask(messages: ChatMessage[]): Promise<string>;
}

/** Longest `Retry-After` honoured with one retry; a longer wait is a failure the deterministic result covers. */
const MAX_WAIT_S = 10;

/**
 * The production client for `--llm openai:<baseUrl>:<model>`: one call, and one retry after the
 * endpoint's `Retry-After` when it answers 429 or 5xx with a short one.
 */
export function openAiModel(spec: OpenAiModelSpec, options: { timeoutMs?: number; apiKey?: string | null } = {}): ModelClient {
  const ask = (messages: ChatMessage[]) => chatCompletion(spec, messages, options);
  return {
    name: `${spec.model} at ${spec.baseUrl}`,
    async ask(messages) {
      try {
        return await ask(messages);
      } catch (err) {
        const e = err as ModelError;
        const retriable = e instanceof ModelError && e.status !== null && (e.status === 429 || e.status >= 500);
        if (!retriable || e.retryAfterSeconds === null || e.retryAfterSeconds > MAX_WAIT_S) throw err;
        await new Promise((resolve) => setTimeout(resolve, e.retryAfterSeconds! * 1000));
        return ask(messages);
      }
    },
  };
}

