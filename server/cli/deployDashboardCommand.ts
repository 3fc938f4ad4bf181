import { DeployError, PUBLIC_HUB, deploySpace, staticDashboardFiles, type SpaceDeployPlan } from "../hub";
import { deployOutput } from "./deployOutput";
import { nonNegativeNumber, parse } from "./options";
import { UsageError } from "./usageError";

export const DEPLOY_DASHBOARD_USAGE = `autocoder deploy-dashboard NS/NAME [--datasets NS] [--hf-dataset-prefix P=autocoder] [--private]
                [--hf-token T | env HF_TOKEN] [--refresh S=60] [--wait S=300] [--dry-run] [--progress text|json]`;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Publishes the dashboard as a static Space (free) that reads the datasets in the browser. */
export async function deployDashboardCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      datasets: { type: "string" },
      "hf-dataset-prefix": { type: "string" },
      private: { type: "boolean" },
      "hf-token": { type: "string" },
      refresh: { type: "string" },
      wait: { type: "string" },
      "dry-run": { type: "boolean" },
      progress: { type: "string" },
    },
    true,
  );
  const env = process.env;
  const output = deployOutput(values.progress);
  if (positionals.length !== 1 || !NAME.test(positionals[0]!)) throw new UsageError("deploy-dashboard needs the Space as NS/NAME, e.g. autocoder deploy-dashboard alice/autocoder-dashboard");
  const space = positionals[0]!;
  const datasets = values.datasets ?? space.split("/")[0]!;
  if (!SEGMENT.test(datasets)) throw new UsageError(`--datasets must be a user or organisation name, got "${datasets}"`);
  const prefix = values["hf-dataset-prefix"] ?? "autocoder";
  if (!SEGMENT.test(prefix)) throw new UsageError(`--hf-dataset-prefix must be letters, digits, '.', '_' or '-', got "${prefix}"`);
  const hfToken = values["hf-token"] ?? env.HF_TOKEN;
  if (!hfToken) throw new UsageError("deploy-dashboard needs a Hugging Face token with write access: set HF_TOKEN or --hf-token");
  if (!hfToken.startsWith("hf_")) throw new UsageError("the Hugging Face token must start with hf_ (a user access token from https://huggingface.co/settings/tokens)");
  const refreshS = nonNegativeNumber(values.refresh, 60, "--refresh");
  if (refreshS < 5) throw new UsageError("--refresh must be at least 5 seconds (every reader of the page asks the Hub that often)");
  const hubUrl = env.HF_ENDPOINT ? env.HF_ENDPOINT.replace(/\/+$/, "") : PUBLIC_HUB;
  let files;
  try {
    files = await staticDashboardFiles(__dirname, { hubUrl, namespace: datasets, datasetPrefix: prefix, refreshMs: refreshS * 1000, title: "Autocoder dashboard" });
  } catch (err) {
    if (err instanceof DeployError) throw new UsageError(err.message);
    throw err;
  }
  const plan: SpaceDeployPlan = { space, sdk: "static", checkPath: "/", visibility: values.private ? "private" : "public", files, secrets: [], variables: [], generatedToken: null };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (values["dry-run"]) {
    say(`dry run: nothing is sent to ${hubUrl}. The steps:`);
    say(`1. check the token (GET /api/whoami-v2)`);
    say(`2. create the ${plan.visibility} static Space ${space} if it does not exist`);
    say(`3. upload ${files.length} files in one commit (the page reads ${datasets}/${prefix}-{analysis,test-planning,implementation}-results every ${refreshS} s):`);
    for (const f of files) say(`     ${f.path} (${f.bytes} bytes, from ${f.source})`);
    say(`4. wait until the Space's runtime reports RUNNING`);
    say(`5. check that its page answers through the Space's URL`);
    return 0;
  }
  try {
    const { host } = await deploySpace(plan, { hubUrl, token: hfToken }, { waitTimeoutMs: nonNegativeNumber(values.wait, 300, "--wait") * 1000, pollMs: 2000, report: output });
    output.done(`${host}/`, `the dashboard is at ${host}/`);
    return 0;
  } catch (err) {
    if (err instanceof DeployError) {
      output.failed("deploy-dashboard", err.message, err.status);
      return 1;
    }
    throw err;
  }
}
