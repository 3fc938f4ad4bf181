/** An OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp, TGI, …) and the model to ask. */
export interface OpenAiModelSpec {
  kind: "openai";
  /** Up to and including the API version, e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
}

/** A model on Hugging Face Inference Providers, asked through `@huggingface/inference` with `HF_TOKEN`. */
export interface HfModelSpec {
  kind: "hf";
  /** A Hub model id, optionally with the router's provider or policy suffix (`:fastest`, `:together`). */
  model: string;
}

export type ModelSpec = OpenAiModelSpec | HfModelSpec;

/**
 * Pure: `openai:<baseUrl>:<model>` or `hf:<owner>/<model>[:<provider>]` → the spec, or an Error
 * saying what is wrong. The base URL is http(s) with an optional port and a path without colons,
 * so model names with colons (`qwen2.5-coder:1.5b`) stay whole.
 */
export function parseModelSpec(text: string): ModelSpec {
  if (text.startsWith("hf:")) {
    const model = text.slice(3);
    if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+(?::[\w.-]+)?$/.test(model)) {
      throw new Error(`--llm hf:<model> needs a Hub model id such as hf:Qwen/Qwen2.5-Coder-7B-Instruct (optionally :<provider>), got "${text}"`);
    }
    return { kind: "hf", model };
  }
  const m = /^openai:(https?:\/\/[^/:\s]+(?::\d+)?(?:\/[^:\s]*)?):(\S+)$/.exec(text);
  if (!m) throw new Error(`--llm must look like openai:<baseUrl>:<model> (e.g. openai:http://127.0.0.1:11434/v1:qwen2.5-coder:1.5b) or hf:<model>, got "${text}"`);
  return { kind: "openai", baseUrl: m[1]!.replace(/\/+$/, ""), model: m[2]! };
}
