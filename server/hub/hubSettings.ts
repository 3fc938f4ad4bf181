export { datasetRepo } from "../protocol";

/** How the server publishes to the Hub; null in ServerConfig when publishing is off. */
export interface HubSettings {
  /** HF_ENDPOINT, or the public Hub. */
  hubUrl: string;
  /** Starts with `hf_`, as @huggingface/hub requires. */
  token: string;
  /** The user or organisation that owns the datasets. */
  namespace: string;
  /** Datasets are `<namespace>/<prefix>-<worker>-results`. */
  datasetPrefix: string;
  visibility: "private" | "public";
  /** At most one commit per dataset this often; 0 commits as soon as a row waits. */
  commitIntervalMs: number;
  /** The first retry after a failed sync waits this long, doubling up to RETRY_CAP_MS. */
  retryBaseMs: number;
}

export const RETRY_CAP_MS = 10 * 60 * 1000;
