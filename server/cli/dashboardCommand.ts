import { startHubDashboard } from "../app";
import { PUBLIC_HUB } from "../hub";
import { isLoopbackHost } from "../http";
import { nonNegativeNumber, parse, port } from "./options";
import { UsageError } from "./usageError";

export const DASHBOARD_USAGE = `autocoder dashboard --from-hub NS [--hf-dataset-prefix P=autocoder] [--hf-token T | env HF_TOKEN]
                [--host 127.0.0.1] [--port 7860] [--token T | env AUTOCODER_TOKEN] [--refresh S=60]`;

/** Serves the dashboard read-only from the three Hub datasets until SIGINT/SIGTERM. */
export async function dashboardCommand(args: string[]): Promise<number> {
  const { values } = parse(
    args,
    {
      "from-hub": { type: "string" },
      "hf-dataset-prefix": { type: "string" },
      "hf-token": { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
      refresh: { type: "string" },
    },
    false,
  );
  const env = process.env;
  const namespace = values["from-hub"];
  if (!namespace) throw new UsageError("dashboard reads the Hub datasets of a user or organisation: --from-hub NS");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(namespace)) throw new UsageError(`--from-hub must be a user or organisation name, got "${namespace}"`);
  const prefix = values["hf-dataset-prefix"] ?? "autocoder";
  const hfToken = values["hf-token"] ?? (env.HF_TOKEN ? env.HF_TOKEN : null);
  if (hfToken !== null && !hfToken.startsWith("hf_")) throw new UsageError("the Hugging Face token must start with hf_");
  const host = values.host ?? "127.0.0.1";
  const serverToken = values.token ?? (env.AUTOCODER_TOKEN ? env.AUTOCODER_TOKEN : null);
  if (serverToken !== null && serverToken.length < 16) throw new UsageError("the token must be at least 16 characters; generate one with: openssl rand -hex 32");
  if (!isLoopbackHost(host) && serverToken === null) throw new UsageError(`refusing to listen on ${host} without a token: set --token or AUTOCODER_TOKEN`);
  const refreshS = nonNegativeNumber(values.refresh, 60, "--refresh");
  if (refreshS < 1) throw new UsageError("--refresh must be at least 1 second");
  const dashboard = await startHubDashboard({
    hubUrl: env.HF_ENDPOINT ? env.HF_ENDPOINT.replace(/\/+$/, "") : PUBLIC_HUB,
    token: hfToken,
    namespace,
    datasetPrefix: prefix,
    host,
    port: port(values.port, 7860),
    serverToken,
    refreshMs: refreshS * 1000,
  });
  process.stdout.write(`Autocoder listening on ${dashboard.url}\n`);
  process.stderr.write(`read-only dashboard of ${namespace}/${prefix}-*-results, read again every ${refreshS} s\n`);
  return new Promise((resolve) => {
    const stop = () => dashboard.close().then(() => resolve(0), () => resolve(1));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
