import { hfInferenceModel } from "./hfInferenceModel";
import { openAiModel, type ModelClient } from "./modelClient";
import type { ModelSpec } from "./modelSpec";

/**
 * The client for a `--llm` spec, with its credentials from the environment: `OPENAI_API_KEY`
 * (optional) for `openai:`, `HF_TOKEN` (required) for `hf:`, and `HF_INFERENCE_ENDPOINT` to send
 * `hf:` calls to a dedicated Inference Endpoint or TGI server instead of the router. Throws,
 * saying what to set, when a token is missing.
 */
export function modelFromSpec(spec: ModelSpec, env: Readonly<Record<string, string | undefined>>): ModelClient {
  if (spec.kind === "openai") return openAiModel(spec, { apiKey: env.OPENAI_API_KEY ?? null });
  const token = env.HF_TOKEN?.trim();
  if (!token) throw new Error(`--llm hf:${spec.model} needs a Hugging Face token in HF_TOKEN (one allowed to make calls to Inference Providers)`);
  return hfInferenceModel(spec, { accessToken: token, endpointUrl: env.HF_INFERENCE_ENDPOINT?.trim() || null });
}

/** The client for a `--llm` spec, where the spec is all that crosses (the analysis thread builds its own from the process's environment). */
export function modelClientFor(spec: ModelSpec): ModelClient {
  return modelFromSpec(spec, process.env);
}
