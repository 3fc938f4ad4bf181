import { spawn } from "node:child_process";
import { DeployProgressEvent } from "../server/protocol";

// The extension deploys by running the bundled CLI, as it runs the local server: the CLI does
// the work and reports it as DeployProgressEvent lines (--progress json); this only reads them.
// Nothing here imports `vscode`, so it is tested in plain Node against the real CLI.

export interface DeployRequest {
  /** dist/cli.js of the bundled CLI. */
  cliPath: string;
  command: "deploy-space" | "deploy-dashboard";
  /** The Space (NS/NAME) and the command's flags; never a token. */
  args: string[];
  hfToken: string;
  /** The Hub's URL, given to the CLI as HF_ENDPOINT. */
  hfEndpoint: string;
  /** deploy-space: the server token the Space gets (AUTOCODER_TOKEN). */
  serverToken?: string;
  /** The Node that runs the CLI; the extension host's own by default. */
  nodePath?: string;
  log: (line: string) => void;
}

/** What was done: the steps finished, and the one under way when it ended (null when none was). */
export interface DeploySteps {
  finished: string[];
  current: { step: number; steps: number; message: string } | null;
}

export type DeployOutcome =
  | ({ outcome: "done"; url: string } & DeploySteps)
  | ({ outcome: "failed"; message: string; status: number | null } & DeploySteps)
  | ({ outcome: "cancelled" } & DeploySteps);

export function runDeploy(request: DeployRequest, onEvent: (event: DeployProgressEvent) => void, cancel: AbortSignal): Promise<DeployOutcome> {
  // Tokens go through the environment, never argv, which other users can read (ps). In desktop
  // VS Code process.execPath is Electron, which runs a script as Node only with ELECTRON_RUN_AS_NODE.
  const env: NodeJS.ProcessEnv = { ...process.env, HF_TOKEN: request.hfToken, HF_ENDPOINT: request.hfEndpoint, ELECTRON_RUN_AS_NODE: "1" };
  delete env.AUTOCODER_TOKEN;
  delete env.AUTOCODER_REPO;
  if (request.serverToken) env.AUTOCODER_TOKEN = request.serverToken;
  const child = spawn(request.nodePath ?? process.execPath, [request.cliPath, request.command, ...request.args, "--progress", "json"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const finished: string[] = [];
  let current: DeploySteps["current"] = null;
  let done: string | null = null;
  let failure: { message: string; status: number | null } | null = null;
  const stderrTail: string[] = [];

  const onLine = (line: string) => {
    if (line.trim() === "") return;
    let event: DeployProgressEvent;
    try {
      event = DeployProgressEvent.parse(JSON.parse(line));
    } catch {
      request.log(`unexpected output from ${request.command}: ${line}`);
      return;
    }
    if (event.type === "step") {
      if (current) finished.push(current.message);
      current = { step: event.step, steps: event.steps, message: event.message };
      request.log(`[${event.step}/${event.steps}] ${event.message}`);
    } else if (event.type === "note") {
      request.log(event.message);
    } else if (event.type === "done") {
      if (current) finished.push(current.message);
      current = null;
      done = event.url;
    } else if (event.type === "failed") {
      failure = { message: event.message, status: event.status };
    }
    // A generated token is never logged: the extension passes its own, so none is expected.
    if (event.type !== "generated-token") onEvent(event);
  };

  let stdout = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const lines = stdout.split("\n");
    stdout = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n").filter(Boolean)) {
      request.log(line);
      stderrTail.push(line);
      if (stderrTail.length > 5) stderrTail.shift();
    }
  });

  let cancelled = false;
  const stop = () => {
    cancelled = true;
    // The CLI holds no local state worth flushing: whatever reached the Hub stays there.
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  if (cancel.aborted) stop();
  else cancel.addEventListener("abort", stop, { once: true });

  return new Promise((resolve) => {
    child.once("error", (err) => {
      cancel.removeEventListener("abort", stop);
      resolve({ outcome: "failed", message: `the Autocoder CLI could not be started: ${err.message}`, status: null, finished, current });
    });
    child.once("close", (code) => {
      cancel.removeEventListener("abort", stop);
      if (stdout) onLine(stdout);
      if (done !== null && code === 0) resolve({ outcome: "done", url: done, finished, current: null });
      else if (cancelled) resolve({ outcome: "cancelled", finished, current });
      else if (failure) resolve({ outcome: "failed", ...(failure as { message: string; status: number | null }), finished, current });
      else resolve({ outcome: "failed", message: stderrTail.at(-1)?.replace(/^autocoder [a-z-]+: /, "") ?? `${request.command} exited with code ${code}`, status: null, finished, current });
    });
  });
}

/** For the user: what a deployment that ended early had done, and what it was doing. */
export function describeSteps(steps: DeploySteps): string {
  const during = steps.current ? `during step ${steps.current.step} of ${steps.current.steps} (${steps.current.message})` : "before its first step";
  const before = steps.finished.length ? ` Done before: ${steps.finished.join("; ")}.` : " Nothing had been done.";
  return `${during}.${before}`;
}
