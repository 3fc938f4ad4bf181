import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { HubApiError, commit, createRepo, repoExists, whoAmI } from "@huggingface/hub";
import { PUBLIC_HUB, describeHubError, type HubAccess } from "./hubSession";
import { buildLogTail, setSpaceSecret, setSpaceVariable, spaceHost, spaceStage } from "./spaceApi";

export interface SpaceFile {
  /** Path in the Space repository. */
  path: string;
  /** Where it is read from. */
  source: string;
  bytes: number;
  /** Content made here rather than read from `source`. */
  text?: string;
}

export interface SpaceDeployPlan {
  space: string;
  sdk: "docker" | "static";
  /** What must answer 200 through the Space's URL once it runs. */
  checkPath: string;
  visibility: "private" | "public";
  files: SpaceFile[];
  secrets: { key: string; value: string }[];
  variables: { key: string; value: string }[];
  /** Set when AUTOCODER_TOKEN was made up here: printed once, never again retrievable. */
  generatedToken: string | null;
}

export class DeployError extends Error {
  /** The Hub's HTTP status when it refused (401: the token, 402: the plan), else null. */
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The files a Docker Space needs: the Dockerfile and the Space card at the repository root,
 * and the self-contained bundle the Dockerfile copies (no source maps, no VS Code extension).
 */
export async function spaceFiles(distDir: string, spacesDir: string): Promise<SpaceFile[]> {
  const out: SpaceFile[] = [];
  const add = async (source: string, repoPath: string) => {
    const stat = await fs.stat(source).catch(() => null);
    if (!stat?.isFile()) throw new DeployError(`${source} is missing: run npm run build in an Autocoder checkout first`);
    out.push({ path: repoPath, source, bytes: stat.size });
  };
  await add(path.join(spacesDir, "Dockerfile"), "Dockerfile");
  await add(path.join(spacesDir, "README.md"), "README.md");
  // Where the Dockerfile expects it in a checkout too, so one Dockerfile builds both.
  await add(path.join(spacesDir, "entrypoint.sh"), "spaces/entrypoint.sh");
  await add(path.join(distDir, "cli.js"), "dist/cli.js");
  await add(path.join(distDir, "analysisThread.js"), "dist/analysisThread.js");
  await add(path.join(distDir, "webview", "dashboard.js"), "dist/webview/dashboard.js");
  for (const name of (await fs.readdir(path.join(distDir, "wasm")).catch(() => [])).sort()) {
    if (name.endsWith(".wasm")) await add(path.join(distDir, "wasm", name), `dist/wasm/${name}`);
  }
  if (!out.some((f) => f.path.startsWith("dist/wasm/"))) throw new DeployError(`${path.join(distDir, "wasm")} holds no grammars: run npm run build first`);
  return out;
}

/** The Space variable that spaces/entrypoint.sh turns into serve's `--<flag>`. */
export function spaceVariableName(flag: string): string {
  return `AUTOCODER_${flag.toUpperCase().replace(/-/g, "_")}`;
}

export interface PlanInput {
  space: string;
  visibility: "private" | "public";
  files: SpaceFile[];
  hubUrl: string;
  hfToken: string;
  serverToken: string | null;
  repo: string;
  datasetsNamespace: string;
  /** Variable name (spaceVariableName) → seconds. */
  intervals: Record<string, string>;
}

/** Pure but for the generated token: every secret and variable the Space gets. */
export function planDeployment(input: PlanInput): SpaceDeployPlan {
  const generated = input.serverToken ? null : randomBytes(32).toString("hex");
  const variables = [
    { key: "AUTOCODER_REPO", value: input.repo },
    { key: "AUTOCODER_HF_NAMESPACE", value: input.datasetsNamespace },
    ...Object.entries(input.intervals).map(([key, value]) => ({ key, value })),
  ];
  // A Space on a private Hub publishes to that Hub, not to the public one.
  if (input.hubUrl !== PUBLIC_HUB) variables.push({ key: "HF_ENDPOINT", value: input.hubUrl });
  return {
    space: input.space,
    sdk: "docker",
    checkPath: "/healthz",
    visibility: input.visibility,
    files: input.files,
    secrets: [
      { key: "HF_TOKEN", value: input.hfToken },
      { key: "AUTOCODER_TOKEN", value: input.serverToken ?? generated! },
    ],
    variables,
    generatedToken: generated,
  };
}

/** How a deployment tells what it does: a step begins (`step` of `steps`), or a line within it. */
export interface DeployReport {
  step(step: number, steps: number, message: string): void;
  say(line: string): void;
}

export interface DeployOptions {
  waitTimeoutMs: number;
  pollMs: number;
  report: DeployReport;
}

/** The steps deploySpace takes for a plan, in order; a static Space has no secrets or variables to set. */
export function deploySteps(plan: SpaceDeployPlan): string[] {
  return [
    "checking the token",
    `creating or finding the Space ${plan.space}`,
    ...(plan.secrets.length ? [`setting ${plan.secrets.length} secrets`] : []),
    ...(plan.variables.length ? [`setting ${plan.variables.length} variables`] : []),
    `uploading ${plan.files.length} files in one commit`,
    "waiting until the Space runs",
    `checking ${plan.checkPath} through the Space's URL`,
  ];
}

/**
 * Creates the Space (Docker or static) if missing, sets its secrets and variables (before the upload, so
 * the first build already has them), uploads every file in one commit, waits for the runtime
 * to report RUNNING and checks `checkPath` (/healthz) through the Space's own URL.
 */
export async function deploySpace(plan: SpaceDeployPlan, access: HubAccess & { token: string }, options: DeployOptions): Promise<{ host: string }> {
  const say = (line: string) => options.report.say(line);
  const steps = deploySteps(plan);
  let done = 0;
  const begin = () => {
    done++;
    options.report.step(done, steps.length, steps[done - 1]!);
  };
  const params = { hubUrl: access.hubUrl, accessToken: access.token };
  const repo = { type: "space" as const, name: plan.space };
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DeployError) throw err;
      if (err instanceof HubApiError) throw new DeployError(`${what}: ${describeHubError(err, access.hubUrl)}`, err.statusCode);
      throw new DeployError(`${what}: ${(err as Error).message}`);
    }
  };

  begin();
  const me = await step("checking the token", () => whoAmI(params));
  say(`signed in to ${access.hubUrl} as ${me.name}`);
  begin();
  const exists = await step(`looking for ${plan.space}`, () => repoExists({ repo, ...params }));
  if (exists) {
    say(`Space ${plan.space} exists; updating it`);
  } else {
    await step(`creating ${plan.space}`, async () => {
      try {
        await createRepo({ repo, sdk: plan.sdk, visibility: plan.visibility, ...params });
      } catch (err) {
        if (err instanceof HubApiError && err.statusCode === 402) {
          throw new DeployError(
            `the Hub answered 402 Payment Required: new Docker Spaces need a paid Hugging Face plan (PRO or an organisation subscription). ` +
              `Without one, run the same image on any Docker host: npm run build && docker build -f spaces/Dockerfile -t autocoder . (see spaces/README.md)`,
            402,
          );
        }
        if (!(err instanceof HubApiError && err.statusCode === 409)) throw err;
      }
    });
    say(`created the ${plan.visibility} ${plan.sdk === "docker" ? "Docker" : "static"} Space ${plan.space}`);
  }
  if (plan.secrets.length) begin();
  for (const s of plan.secrets) {
    await step(`setting the secret ${s.key}`, () => setSpaceSecret(access, plan.space, s.key, s.value));
    say(`set secret ${s.key}`);
  }
  if (plan.variables.length) begin();
  for (const v of plan.variables) {
    await step(`setting the variable ${v.key}`, () => setSpaceVariable(access, plan.space, v.key, v.value));
    say(`set variable ${v.key}=${v.value}`);
  }
  begin();
  const operations = await Promise.all(
    plan.files.map(async (f) => ({ operation: "addOrUpdate" as const, path: f.path, content: new Blob([f.text ?? (await fs.readFile(f.source))]) })),
  );
  await step("uploading the Space's files", () => commit({ repo, title: plan.sdk === "docker" ? "Deploy Autocoder workers" : "Deploy the Autocoder dashboard", operations, ...params }));
  say(`uploaded ${plan.files.length} files in one commit; the Space builds`);

  begin();
  const deadline = Date.now() + options.waitTimeoutMs;
  let last = "";
  for (;;) {
    const { stage, errorMessage } = await step("reading the Space's runtime", () => spaceStage(access, plan.space));
    if (stage !== last) say(`stage: ${stage}`);
    last = stage;
    if (stage === "RUNNING") break;
    if (/ERROR$/.test(stage) || Date.now() > deadline) {
      const tail = await buildLogTail(access, plan.space);
      const why = /ERROR$/.test(stage) ? `the Space stopped at ${stage}${errorMessage ? ` (${errorMessage})` : ""}` : `the Space was not RUNNING after ${Math.round(options.waitTimeoutMs / 1000)} s (last stage ${stage})`;
      throw new DeployError(`${why}. The last lines of its build log:\n${tail.map((l) => `  ${l}`).join("\n") || "  (empty)"}`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs));
  }

  begin();
  const host = await step("finding the Space's URL", () => spaceHost(access, plan.space));
  // RUNNING can come a moment before the server inside answers; try for a little while.
  const healthDeadline = Date.now() + Math.min(60_000, options.waitTimeoutMs);
  let answer = "";
  for (;;) {
    try {
      const res = await fetch(`${host}${plan.checkPath}`, { headers: plan.visibility === "private" ? { "x-hf-authorization": `Bearer ${access.token}` } : {} });
      if (res.ok) break;
      answer = `HTTP ${res.status}`;
    } catch (err) {
      answer = describeHubError(err, host);
    }
    if (Date.now() > healthDeadline) throw new DeployError(`the Space is RUNNING but ${host}${plan.checkPath} did not answer 200 (${answer})`);
    await new Promise((r) => setTimeout(r, options.pollMs));
  }
  say(`${host}${plan.checkPath} answers 200`);
  return { host };
}
