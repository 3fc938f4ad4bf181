/** An OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp, TGI, …) and the model to ask. */
export interface ModelSpec {
  kind: "openai";
  /** Up to and including the API version, e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
}

/**
 * Pure: `openai:<baseUrl>:<model>` → the spec, or an Error saying what is wrong. The base URL
 * is http(s) with an optional port and a path without colons, so model names with colons
 * (`qwen2.5-coder:1.5b`) stay whole.
 */
export function parseModelSpec(text: string): ModelSpec {
  if (text.startsWith("hf:")) throw new Error("--llm hf:<model> (Hugging Face Inference Providers) is not available yet; use --llm openai:<baseUrl>:<model>");
  const m = /^openai:(https?:\/\/[^/:\s]+(?::\d+)?(?:\/[^:\s]*)?):(\S+)$/.exec(text);
  if (!m) throw new Error(`--llm must look like openai:<baseUrl>:<model> (e.g. openai:http://127.0.0.1:11434/v1:qwen2.5-coder:1.5b), got "${text}"`);
  return { kind: "openai", baseUrl: m[1]!.replace(/\/+$/, ""), model: m[2]! };
}
