import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startServer, type ServerConfig } from "../app";
import { isLoopbackHost } from "../http";
import { existingDirectory, nonNegativeNumber, parse, port } from "./options";
import { modelSpec } from "./implementCommand";
import { UsageError } from "./usageError";
import { PUBLIC_HUB, datasetRepo, type HubSettings } from "../hub";
import { cloneRepo, parseRepoSpec, pullRepo, redactUrl, type RepoSpec } from "../workspace";

export const SERVE_USAGE = `autocoder serve [--workspace DIR=. | --repo URL[#branch] | env AUTOCODER_REPO] [--pull-interval S=300]
                [--host 127.0.0.1] [--port 7860] [--data DIR]
                [--token T | env AUTOCODER_TOKEN] [--no-autostart]
                [--interval-analysis S=60] [--interval-test-planning S=60] [--interval-implementation S=120]
                [--max-file-bytes N=1000000] [--max-load SHARE=0.9] [--allow-execute] [--llm openai:<baseUrl>:<model> | hf:<model>]
                [--hf-token T | env HF_TOKEN] [--hf-namespace NS | env AUTOCODER_HF_NAMESPACE] [--hf-dataset-prefix P=autocoder]
                [--hf-public] [--hf-commit-interval S=600] [--hf-retry-base S=5]   (env HF_ENDPOINT: the Hub's URL)`;

/**
 * serve's interval flags and their defaults in seconds. deploy-space takes the same flags and
 * sets them as Space variables, which the Space's entrypoint turns back into these flags.
 */
export const SERVE_INTERVALS_S = {
  "interval-analysis": 60,
  "interval-test-planning": 60,
  "interval-implementation": 120,
  "pull-interval": 300,
  "hf-commit-interval": 600,
} as const;
export type ServeIntervalFlag = keyof typeof SERVE_INTERVALS_S;

/** What the command line decides; the rest of ServerConfig is for tests and embedders. */
export type ServeSettings = Pick<
  ServerConfig,
  "workspace" | "host" | "port" | "dataDir" | "token" | "autostart" | "intervalsMs" | "maxFileBytes" | "maxLoad" | "allowExecute" | "llm"
> & {
  /** Publishing to Hub datasets, or null when off. */
  hub: HubSettings | null;
  /** A repository to clone and follow instead of a local folder (then `workspace` is where it is cloned). */
  repo: RepoSpec | null;
  pullIntervalMs: number;
};

/** Pure: arguments and environment → settings, or a UsageError naming what is wrong. */
export function serveSettings(args: string[], env: NodeJS.ProcessEnv): ServeSettings {
  const { values } = parse(
    args,
    {
      workspace: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      data: { type: "string" },
      token: { type: "string" },
      "no-autostart": { type: "boolean" },
      "interval-analysis": { type: "string" },
      "interval-test-planning": { type: "string" },
      "interval-implementation": { type: "string" },
      "max-file-bytes": { type: "string" },
      "max-load": { type: "string" },
      repo: { type: "string" },
      "pull-interval": { type: "string" },
      "allow-execute": { type: "boolean" },
      llm: { type: "string" },
      "hf-token": { type: "string" },
      "hf-namespace": { type: "string" },
      "hf-dataset-prefix": { type: "string" },
      "hf-public": { type: "boolean" },
      "hf-commit-interval": { type: "string" },
      "hf-retry-base": { type: "string" },
    },
    false,
  );
  const repoText = values.repo ?? (env.AUTOCODER_REPO ? env.AUTOCODER_REPO : undefined);
  if (repoText !== undefined && values.workspace !== undefined) throw new UsageError("give --workspace or --repo (AUTOCODER_REPO), not both");
  let repo: RepoSpec | null = null;
  try {
    repo = repoText === undefined ? null : parseRepoSpec(repoText);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // A clone goes into a fresh temp folder, decided when the server starts.
  const workspace = repo ? path.join(os.tmpdir(), `autocoder-repo-${process.pid}`) : existingDirectory(values.workspace ?? ".", "workspace");
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host must not be empty");
  const token = values.token ?? (env.AUTOCODER_TOKEN ? env.AUTOCODER_TOKEN : null);
  if (token !== null && token.length < 16) {
    throw new UsageError("the token must be at least 16 characters; generate one with: openssl rand -hex 32");
  }
  if (!isLoopbackHost(host) && token === null) {
    throw new UsageError(
      `refusing to listen on ${host} without a token: anyone who can reach it could read your code and control the workers; set --token or AUTOCODER_TOKEN (e.g. openssl rand -hex 32)`,
    );
  }
  const seconds = (flag: "interval-analysis" | "interval-test-planning" | "interval-implementation") =>
    nonNegativeNumber(values[flag], SERVE_INTERVALS_S[flag], `--${flag}`) * 1000;
  const maxLoad = nonNegativeNumber(values["max-load"], 0.9, "--max-load");
  const maxFileBytes = nonNegativeNumber(values["max-file-bytes"], 1_000_000, "--max-file-bytes");
  if (!Number.isInteger(maxFileBytes) || maxFileBytes < 1) throw new UsageError("--max-file-bytes must be a whole number of bytes ≥ 1");
  return {
    workspace,
    host,
    port: port(values.port, 7860),
    dataDir: path.resolve(values.data ?? path.join(workspace, ".autocoder")),
    token,
    autostart: !values["no-autostart"],
    intervalsMs: {
      analysis: seconds("interval-analysis"),
      "test-planning": seconds("interval-test-planning"),
      implementation: seconds("interval-implementation"),
    },
    maxFileBytes,
    maxLoad,
    // Only the flag turns it on, for a local folder and a --repo checkout alike: no environment variable does.
    allowExecute: values["allow-execute"] === true,
    llm: values.llm === undefined ? null : modelSpec(values.llm, env),
    repo,
    pullIntervalMs: nonNegativeNumber(values["pull-interval"], SERVE_INTERVALS_S["pull-interval"], "--pull-interval") * 1000,
    hub: hubSettings(values, env),
  };
}

/**
 * Publishing is on with a token and a namespace. HF_TOKEN alone is common in a shell for other
 * tools, so it turns nothing on by itself; a namespace or --hf-token without the other is a mistake.
 */
function hubSettings(
  values: { "hf-token"?: string; "hf-namespace"?: string; "hf-dataset-prefix"?: string; "hf-public"?: boolean; "hf-commit-interval"?: string; "hf-retry-base"?: string },
  env: NodeJS.ProcessEnv,
): HubSettings | null {
  const namespace = values["hf-namespace"] ?? (env.AUTOCODER_HF_NAMESPACE ? env.AUTOCODER_HF_NAMESPACE : undefined);
  const token = values["hf-token"] ?? (env.HF_TOKEN ? env.HF_TOKEN : undefined);
  if (namespace === undefined) {
    if (values["hf-token"] !== undefined) throw new UsageError("--hf-token needs --hf-namespace (the user or organisation that owns the datasets)");
    return null;
  }
  if (token === undefined) throw new UsageError("--hf-namespace needs a token with write access: set HF_TOKEN or --hf-token");
  if (!token.startsWith("hf_")) throw new UsageError("the Hugging Face token must start with hf_ (a user access token from https://huggingface.co/settings/tokens)");
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(namespace)) throw new UsageError(`--hf-namespace must be a user or organisation name, got "${namespace}"`);
  const prefix = values["hf-dataset-prefix"] ?? "autocoder";
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(prefix)) throw new UsageError(`--hf-dataset-prefix must be letters, digits, '.', '_' or '-', got "${prefix}"`);
  const endpoint = env.HF_ENDPOINT ? env.HF_ENDPOINT.replace(/\/+$/, "") : PUBLIC_HUB;
  if (!/^https?:\/\//.test(endpoint)) throw new UsageError(`HF_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  return {
    hubUrl: endpoint,
    token,
    namespace,
    datasetPrefix: prefix,
    visibility: values["hf-public"] ? "public" : "private",
    commitIntervalMs: nonNegativeNumber(values["hf-commit-interval"], SERVE_INTERVALS_S["hf-commit-interval"], "--hf-commit-interval") * 1000,
    retryBaseMs: nonNegativeNumber(values["hf-retry-base"], 5, "--hf-retry-base") * 1000,
  };
}

/** Runs until SIGINT/SIGTERM; resolves with the exit code. */
export async function serveCommand(args: string[]): Promise<number> {
  const settings = serveSettings(args, process.env);
  const follow = settings.repo ? await checkOut(settings.repo, settings.workspace, settings.pullIntervalMs) : null;
  await keepDataOutOfGit(settings);
  let server;
  try {
    server = await startServer(settings);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE") throw new Error(`port ${settings.port} on ${settings.host} is in use; choose another with --port (0 picks a free one)`);
    if (e.code === "EADDRNOTAVAIL") throw new Error(`cannot listen on ${settings.host}: no such address on this machine`);
    throw err;
  }
  process.stdout.write(`Autocoder listening on ${server.url}\n`);
  process.stderr.write(
    `workspace ${settings.workspace}, data in ${settings.dataDir}${settings.autostart ? "" : " (workers not started: --no-autostart)"}\n`,
  );
  if (settings.hub) {
    const names = (["analysis", "test-planning", "implementation"] as const).map((w) => datasetRepo(settings.hub!, w)).join(", ");
    process.stderr.write(`publishing to ${settings.hub.visibility} datasets ${names} on ${settings.hub.hubUrl}, at most one commit per dataset every ${settings.hub.commitIntervalMs / 1000} s\n`);
  } else if (process.env.HF_TOKEN) {
    process.stderr.write("HF_TOKEN is set but no --hf-namespace: not publishing to the Hub\n");
  }
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting without waiting\n`);
        process.exit(130);
      }
      stopping = true;
      follow?.stop();
      process.stderr.write(`${signal}: stopping workers and flushing the store…\n`);
      server.close().then(
        () => resolve(0),
        (err: Error) => {
          process.stderr.write(`error while stopping: ${err.message}\n`);
          resolve(1);
        },
      );
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
}

/**
 * Clones the repository into the workspace folder and pulls it on an interval, so the workers
 * always read the remote's latest commit. A failed pull is logged and tried again next time;
 * the last good checkout stays in place.
 */
async function checkOut(repo: RepoSpec, dir: string, pullIntervalMs: number): Promise<{ stop(): void }> {
  const shown = redactUrl(repo.url);
  await fs.rm(dir, { recursive: true, force: true });
  process.stderr.write(`cloning ${shown}${repo.branch ? ` (${repo.branch})` : ""}…\n`);
  try {
    await cloneRepo(repo, dir);
  } catch (err) {
    throw new UsageError(`cannot clone ${shown}: ${(err as Error).message}`);
  }
  if (pullIntervalMs === 0) return { stop: () => {} };
  let pulling = false;
  const timer = setInterval(() => {
    if (pulling) return;
    pulling = true;
    pullRepo(dir)
      .then(({ changed, commit }) => changed && process.stderr.write(`pulled ${shown}: now at ${commit.slice(0, 12)}\n`))
      .catch((err: Error) => process.stderr.write(`pull of ${shown} failed (the last checkout stays; trying again in ${pullIntervalMs / 1000} s): ${err.message}\n`))
      .finally(() => (pulling = false));
  }, pullIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The default data folder lives inside the workspace; keep users from committing it by accident. */
async function keepDataOutOfGit(settings: ServeSettings): Promise<void> {
  if (path.relative(settings.workspace, settings.dataDir).startsWith("..")) return;
  await fs.mkdir(settings.dataDir, { recursive: true });
  // Iteration data stays local; the config (and a baseline) are meant to be shared in git.
  await fs
    .writeFile(path.join(settings.dataDir, ".gitignore"), "*\n!.gitignore\n!config.json\n!baseline.json\n", { flag: "wx" })
    .catch(() => undefined);
}
