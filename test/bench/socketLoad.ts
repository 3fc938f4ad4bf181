// The server under load: subscribers on loopback while all three rotations run. Latency is
// measured from an iteration's end (its record: start + duration) to receipt in the client, so
// it holds the store's fsync, the broadcast and the loopback hop; RSS is sampled once a second.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { watchDashboard } from "./dashboardWatch";

export interface SocketLoadOptions {
  cli: string;
  clientScript: string;
  workspace: string;
  clients: number;
  processes: number;
  seconds: number;
  intervals: { analysis: number; "test-planning": number; implementation: number };
  /** One dashboard page in Chromium beside the clients, timing when each iteration is drawn. */
  dashboard: boolean;
  log: (line: string) => void;
}

export interface SocketLoadResult {
  clients: number;
  seconds: number;
  intervalsS: SocketLoadOptions["intervals"];
  events: number;
  receipts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  latencyP99ByWorkerMs: Record<string, number>;
  unexpectedCloses: number;
  rssMb: { afterConnect: number; end: number; max: number; slopeMbPerMin: number; series: [number, number][] };
  /** Iteration end → its row drawn in the dashboard page; null without Chromium or when not asked. */
  dashboard: { iterations: number; drawnMs: { p50: number; p95: number; p99: number; max: number } } | null;
}

interface ClientReport {
  samples: { worker: string; latencyMs: number }[];
  unexpectedCloses: number;
  subscribed: number;
}

export async function runSocketLoad(o: SocketLoadOptions): Promise<SocketLoadResult> {
  const data = await fs.mkdtemp(path.join(os.tmpdir(), "autocoder-bench-data-"));
  const server = spawn(
    process.execPath,
    [
      o.cli, "serve", "--workspace", o.workspace, "--data", data, "--port", "0", "--max-load", "0",
      "--interval-analysis", String(o.intervals.analysis),
      "--interval-test-planning", String(o.intervals["test-planning"]),
      "--interval-implementation", String(o.intervals.implementation),
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AUTOCODER_TOKEN: "" } },
  );
  let stderr = "";
  server.stderr!.on("data", (d) => (stderr += d));
  try {
    const url = await listening(server);
    const perProcess = Math.ceil(o.clients / o.processes);
    const children: ChildProcess[] = [];
    for (let i = 0; i < o.processes; i++) {
      const n = Math.min(perProcess, o.clients - i * perProcess);
      children.push(fork(o.clientScript, [url, String(n)], { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
    }
    await Promise.all(children.map((c) => firstMessage(c, "ready")));
    const page = o.dashboard ? await watchDashboard(url) : null;
    if (o.dashboard && !page) o.log("no Chromium found: the dashboard page is not timed");
    o.log(`${o.clients} clients subscribed${page ? " and a dashboard page open" : ""}; measuring for ${o.seconds} s …`);

    const started = Date.now();
    const series: [number, number][] = [];
    while (Date.now() - started < o.seconds * 1000) {
      series.push([Math.round((Date.now() - started) / 1000), rssMb(server.pid!)]);
      await sleep(1000);
    }
    const reports = await Promise.all(
      children.map((c) => {
        const report = firstMessage(c, null) as Promise<ClientReport>;
        c.send("stop");
        return report;
      }),
    );
    const drawn = page ? await page.stop() : null;
    const stored = await countRecords(data);
    const ends = await iterationEnds(data);
    const drawnMs = drawn
      ? drawn.flatMap((row) => {
          const end = ends.get(`${row.worker}:${row.iteration}`);
          return end !== undefined && end >= page!.readyAtMs ? [row.drawnAtMs - end] : [];
        })
      : null;
    const all = reports.flatMap((r) => r.samples);
    const byWorker: Record<string, number> = {};
    for (const worker of new Set(all.map((s) => s.worker))) byWorker[worker] = percentile(all.filter((s) => s.worker === worker).map((s) => s.latencyMs), 0.99);
    const latencies = all.map((s) => s.latencyMs);
    return {
      clients: reports.reduce((t, r) => t + r.subscribed, 0),
      seconds: o.seconds,
      intervalsS: o.intervals,
      events: stored,
      receipts: all.length,
      latencyMs: {
        p50: percentile(latencies, 0.5),
        p90: percentile(latencies, 0.9),
        p99: percentile(latencies, 0.99),
        max: latencies.reduce((m, v) => Math.max(m, v), -Infinity),
      },
      latencyP99ByWorkerMs: byWorker,
      unexpectedCloses: reports.reduce((t, r) => t + r.unexpectedCloses, 0),
      rssMb: {
        afterConnect: series[0]![1],
        end: series[series.length - 1]![1],
        max: Math.max(...series.map((s) => s[1])),
        slopeMbPerMin: slope(series.filter(([t]) => t >= Math.min(60, o.seconds / 4))),
        series,
      },
      dashboard: drawnMs
        ? {
            iterations: drawnMs.length,
            drawnMs: { p50: percentile(drawnMs, 0.5), p95: percentile(drawnMs, 0.95), p99: percentile(drawnMs, 0.99), max: drawnMs.reduce((m, v) => Math.max(m, v), -Infinity) },
          }
        : null,
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\nserver stderr:\n${stderr.slice(-2000)}`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await fs.rm(data, { recursive: true, force: true });
  }
}

function listening(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (d) => {
      out += d;
      const match = /Autocoder listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    server.once("exit", (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

function firstMessage(child: ChildProcess, expected: string | null): Promise<unknown> {
  return new Promise((resolve, reject) => {
    child.once("message", (msg) => {
      if (typeof msg === "object" && msg !== null && "error" in msg) reject(new Error(`client process: ${(msg as { error: string }).error}`));
      else if (expected === null || msg === expected) resolve(msg);
      else reject(new Error(`client process sent ${JSON.stringify(msg)}`));
    });
    child.once("exit", (code) => reject(new Error(`client process exited with ${code}`)));
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function countRecords(dir: string): Promise<number> {
  let n = 0;
  for (const worker of ["analysis", "test-planning", "implementation"]) {
    const text = await fs.readFile(path.join(dir, `${worker}.jsonl`), "utf8").catch(() => "");
    n += text.split("\n").filter(Boolean).length;
  }
  return n;
}

/** Each stored iteration's end (its start + duration), by `worker:iteration`. */
async function iterationEnds(dir: string): Promise<Map<string, number>> {
  const ends = new Map<string, number>();
  for (const worker of ["analysis", "test-planning", "implementation"]) {
    const text = await fs.readFile(path.join(dir, `${worker}.jsonl`), "utf8").catch(() => "");
    for (const line of text.split("\n").filter(Boolean)) {
      const r = JSON.parse(line) as { iteration: number; timestamp: string; duration_ms: number };
      ends.set(`${worker}:${r.iteration}`, Date.parse(r.timestamp) + r.duration_ms);
    }
  }
  return ends;
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Least-squares slope of RSS over time, in MB per minute: near 0 when memory is flat. */
function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((t, [x]) => t + x, 0) / n;
  const my = points.reduce((t, [, y]) => t + y, 0) / n;
  const num = points.reduce((t, [x, y]) => t + (x - mx) * (y - my), 0);
  const den = points.reduce((t, [x]) => t + (x - mx) ** 2, 0);
  return Math.round((num / den) * 60 * 100) / 100;
}
