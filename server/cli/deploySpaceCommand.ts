import * as path from "node:path";
import { DeployError, PUBLIC_HUB, deploySpace, planDeployment, spaceFiles, spaceVariableName, type SpaceDeployPlan } from "../hub";
import { parseRepoSpec, redactUrl } from "../workspace";
import { deployOutput } from "./deployOutput";
import { nonNegativeNumber, parse } from "./options";
import { SERVE_INTERVALS_S, type ServeIntervalFlag } from "./serveCommand";
import { UsageError } from "./usageError";

export const DEPLOY_SPACE_USAGE = `autocoder deploy-space NS/NAME [--repo URL[#branch] | env AUTOCODER_REPO] [--private] [--datasets NS]
                [--hf-token T | env HF_TOKEN] [--token T | env AUTOCODER_TOKEN] [--wait S=900] [--dry-run]
                [--interval-analysis S=60] [--interval-test-planning S=60] [--interval-implementation S=120]
                [--pull-interval S=300] [--hf-commit-interval S=600] [--progress text|json]`;

const INTERVAL_FLAGS = Object.keys(SERVE_INTERVALS_S) as ServeIntervalFlag[];
const INTERVAL_OPTIONS = Object.fromEntries(INTERVAL_FLAGS.map((flag) => [flag, { type: "string" as const }])) as Record<ServeIntervalFlag, { type: "string" }>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Deploys the workers as a Docker Space; with --dry-run prints every step and file and sends nothing. */
export async function deploySpaceCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      repo: { type: "string" },
      private: { type: "boolean" },
      datasets: { type: "string" },
      "hf-token": { type: "string" },
      token: { type: "string" },
      wait: { type: "string" },
      "dry-run": { type: "boolean" },
      progress: { type: "string" },
      ...INTERVAL_OPTIONS,
    },
    true,
  );
  const env = process.env;
  const output = deployOutput(values.progress);
  if (positionals.length !== 1 || !NAME.test(positionals[0]!)) throw new UsageError(`deploy-space needs the Space as NS/NAME, e.g. autocoder deploy-space alice/autocoder-workers`);
  const space = positionals[0]!;
  const repoText = values.repo ?? env.AUTOCODER_REPO;
  if (!repoText) throw new UsageError("deploy-space needs the repository the workers follow: --repo URL[#branch] (or AUTOCODER_REPO)");
  try {
    parseRepoSpec(repoText);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const hfToken = values["hf-token"] ?? env.HF_TOKEN;
  if (!hfToken) throw new UsageError("deploy-space needs a Hugging Face token with write access: set HF_TOKEN or --hf-token");
  if (!hfToken.startsWith("hf_")) throw new UsageError("the Hugging Face token must start with hf_ (a user access token from https://huggingface.co/settings/tokens)");
  const serverToken = values.token ?? (env.AUTOCODER_TOKEN ? env.AUTOCODER_TOKEN : null);
  if (serverToken !== null && serverToken.length < 16) throw new UsageError("the server token must be at least 16 characters; leave it out to have one generated");
  const datasets = values.datasets ?? space.split("/")[0]!;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(datasets)) throw new UsageError(`--datasets must be a user or organisation name, got "${datasets}"`);
  const hubUrl = env.HF_ENDPOINT ? env.HF_ENDPOINT.replace(/\/+$/, "") : PUBLIC_HUB;
  const waitMs = nonNegativeNumber(values.wait, 900, "--wait") * 1000;
  // Every interval is set, defaults included, so a redeploy without a flag resets it and the
  // Space's settings page shows what the workers run with.
  const intervals = Object.fromEntries(
    INTERVAL_FLAGS.map((flag) => [spaceVariableName(flag), String(nonNegativeNumber(values[flag], SERVE_INTERVALS_S[flag], `--${flag}`))]),
  );

  let files;
  try {
    files = await spaceFiles(__dirname, path.resolve(__dirname, "..", "spaces"));
  } catch (err) {
    if (err instanceof DeployError) throw new UsageError(err.message);
    throw err;
  }
  const plan = planDeployment({
    space,
    visibility: values.private ? "private" : "public",
    files,
    hubUrl,
    hfToken,
    serverToken: values["dry-run"] ? (serverToken ?? "(generated)") : serverToken,
    repo: repoText,
    datasetsNamespace: datasets,
    intervals,
  });
  if (values["dry-run"]) {
    printPlan(plan, hubUrl, serverToken === null, (line) => process.stdout.write(`${line}\n`));
    return 0;
  }
  if (plan.generatedToken) output.generatedToken(plan.generatedToken);
  try {
    const { host } = await deploySpace(plan, { hubUrl, token: hfToken }, { waitTimeoutMs: waitMs, pollMs: 2000, report: output });
    output.done(host, `the workers run at ${host}`);
    return 0;
  } catch (err) {
    if (err instanceof DeployError) {
      output.failed("deploy-space", err.message, err.status);
      return 1;
    }
    throw err;
  }
}

function printPlan(plan: SpaceDeployPlan, hubUrl: string, generate: boolean, say: (line: string) => void): void {
  say(`dry run: nothing is sent to ${hubUrl}. The steps:`);
  say(`1. check the token (GET /api/whoami-v2)`);
  say(`2. create the ${plan.visibility} Docker Space ${plan.space} if it does not exist (a 402 answer means a paid plan is needed)`);
  say(`3. set secrets: ${plan.secrets.map((s) => (s.key === "AUTOCODER_TOKEN" && generate ? "AUTOCODER_TOKEN (generated, printed once)" : `${s.key} (given)`)).join(", ")}`);
  say(`4. set variables: ${plan.variables.map((v) => `${v.key}=${v.key === "AUTOCODER_REPO" ? redactUrl(v.value) : v.value}`).join(", ")}`);
  say(`5. upload ${plan.files.length} files in one commit:`);
  for (const f of plan.files) say(`     ${f.path} (${f.bytes} bytes, from ${f.source})`);
  say(`6. wait until the Space's runtime reports RUNNING (printing the build log's last lines if it fails)`);
  say(`7. check /healthz through the Space's URL`);
}
