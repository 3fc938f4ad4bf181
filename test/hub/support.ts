import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { ServerStatus, WORKER_IDS, type HubStatus, type WorkerId } from "../../server/protocol";
import type { HubStandIn } from "../support/hubStandIn";
import { ProtocolClient } from "../support/protocolClient";
import { CLI, startServerProcess, type ServerProcess } from "../support/serverProcess";

export function repoOf(namespace: string, worker: WorkerId): string {
  return `${namespace}/autocoder-${worker}-results`;
}

/** The rows a dataset holds on the stand-in, shard by shard in name order (as load_dataset reads them). */
export function hubRows(hub: HubStandIn, namespace: string, worker: WorkerId): Record<string, unknown>[] {
  const repo = hub.repo("dataset", repoOf(namespace, worker));
  if (!repo) return [];
  return [...repo.files.keys()]
    .filter((p) => p.startsWith("data/") && p.endsWith(".jsonl"))
    .sort()
    .flatMap((p) =>
      repo.files
        .get(p)!
        .content.toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    );
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

export async function hubStatus(server: ServerProcess): Promise<HubStatus> {
  const status = ServerStatus.parse(await (await fetch(`${server.url}/api/status`)).json());
  if (!status.hub) throw new Error("status has no hub section: publishing is off");
  return status.hub;
}

export function startPublishingServer(workspace: string, data: string, hub: HubStandIn, token: string, namespace: string, extra: string[] = []): Promise<ServerProcess> {
  return startServerProcess(
    [
      "--workspace", workspace, "--data", data,
      "--hf-namespace", namespace, "--hf-commit-interval", "0", "--hf-retry-base", "0.1",
      "--interval-analysis", "0.05", "--interval-test-planning", "0.05", "--interval-implementation", "0.05",
      ...extra,
    ],
    { HF_TOKEN: token, HF_ENDPOINT: hub.url },
  );
}

/** Stops the three rotations over the WebSocket, so the outbox can drain to a fixed set. */
/**
 * Stops the three workers and waits until none is busy: a stop waits a grace period for the
 * iteration under way, which may still finish (and be stored and published) after it.
 */
export async function stopWorkers(server: ServerProcess): Promise<void> {
  const client = await ProtocolClient.connect(server.url);
  try {
    for (const worker of WORKER_IDS) await client.request({ type: "worker.stop", worker });
  } finally {
    await client.close();
  }
  await waitUntil("no worker is busy", async () => ServerStatus.parse(await (await fetch(`${server.url}/api/status`)).json()).workers.every((w) => !w.busy));
}

export async function startWorkers(server: ServerProcess): Promise<void> {
  const client = await ProtocolClient.connect(server.url);
  try {
    for (const worker of WORKER_IDS) await client.request({ type: "worker.start", worker });
  } finally {
    await client.close();
  }
}

/** True once every dataset's outbox is empty and its last sync succeeded. */
export async function drained(server: ServerProcess): Promise<boolean> {
  const status = await hubStatus(server);
  return status.datasets.every((d) => d.pending === 0 && d.last_error === null && d.last_sync !== null);
}

/** `autocoder dashboard …` as a process, resolved once it prints its listening line. */
export function startHubDashboardProcess(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<unknown> }> {
  const child = spawn(process.execPath, [CLI, "dashboard", "--port", "0", ...args], { env: { ...process.env, AUTOCODER_TOKEN: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    exited.then((code) => reject(new Error(`dashboard exited with ${String(code)}: ${err}`)));
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^Autocoder listening on (http:\/\/\S+)$/m.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => (child.kill("SIGTERM"), exited) });
    });
  });
}
