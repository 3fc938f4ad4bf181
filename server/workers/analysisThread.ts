// The analysis thread: parses, checks, plans tests and works implementation stages off the
// server's event loop, so a cold pass over a large workspace (seconds of synchronous work) does
// not hold up pushes, replies and stores. It keeps the parse cache the three workers share:
// trees cannot cross threads, texts can, and only texts it does not hold yet are sent.
import { readlinkSync } from "node:fs";
import * as os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { analysisConfigFor, runAnalysisPerspective } from "../analysis";
import type { Finding } from "../protocol";
import { ParseCache, installFileBeacon, loadPythonParser } from "../workspace";
import { implementOnParsed, parseReporting, planOnParsed, type AnalysisReply, type AnalysisRequest, type CancelRequest } from "./analysisRunner";
import { filesWithTexts } from "./threadFiles";
import { SharedFileBeacon } from "./sharedFileBeacon";

const cache = new ParseCache();
/** The texts of the last job's file versions, by `path\0hash`: the server sends only new ones. */
const texts = new Map<string, string>();
// Tells the server's watchdog which file a pass is on, so one that never ends can be stopped and skipped.
const beacon = new SharedFileBeacon((workerData as { beacon: SharedArrayBuffer }).beacon);
installFileBeacon(beacon);

// Background work yields the CPU: at a lower priority than the event loop (and the user's
// editor), a cold pass cannot delay pushes and replies on a busy machine. Linux sets priority
// per thread, named by the id /proc/thread-self points to; elsewhere this is skipped.
try {
  os.setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 10);
} catch {
  // no per-thread priority here: the thread runs at the process's priority
}

// One job at a time, in the order sent: the server's text bookkeeping and its watchdog (which
// reads the beacon as the oldest pending job's) both rely on it, and a planning job awaits git.
let queue: Promise<void> = Promise.resolve();
/** The findings of the last planning job: a job that carries none means these. */
let findings: Finding[] = [];
/** Jobs whose iteration was stopped while they waited in line. */
const cancelled = new Set<number>();
parentPort!.on("message", (request: AnalysisRequest | CancelRequest) => {
  if ("cancel" in request) return void cancelled.add(request.cancel);
  queue = queue
    .then(() => answer(request))
    .then((reply) => parentPort!.postMessage(reply))
    // A reply that cannot be sent must not stop the jobs behind it.
    .catch((err: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: `the reply could not be sent: ${err instanceof Error ? err.message : String(err)}` } satisfies AnalysisReply));
});

async function answer(request: AnalysisRequest): Promise<AnalysisReply> {
  // One turn of the event loop first, so a cancel sent while this job waited in line is heard.
  await new Promise((resolve) => setImmediate(resolve));
  try {
    await loadPythonParser();
    // The texts and findings are taken in either way: the server counts on the thread holding them.
    const snapshot = { ...request.snapshot, files: filesWithTexts(request.snapshot.files, texts) };
    if (request.kind === "planning" && request.findings !== null) findings = request.findings;
    if (cancelled.has(request.id)) return { id: request.id, ok: false, error: "the iteration was stopped before this job started", cancelled: true };
    beacon.startJob(snapshot.files.map((f) => f.path));
    if (request.kind === "planning") {
      return { id: request.id, ok: true, result: await planOnParsed({ ...request, snapshot, findings }, cache.all(snapshot.files)) };
    }
    if (request.kind === "implementation") {
      return { id: request.id, ok: true, result: await implementOnParsed({ ...request, snapshot }, cache.all(snapshot.files)) };
    }
    const { step, config, coverageReports, audits } = request;
    const report = request.reportProgress ? (done: number, total: number) => parentPort!.postMessage({ id: request.id, progress: { done, total } } satisfies AnalysisReply) : undefined;
    const parsed = parseReporting(cache, snapshot.files, report);
    const result = runAnalysisPerspective(step, { snapshot, parsed, config: analysisConfigFor(config), coverageReports, audits });
    return { id: request.id, ok: true, result };
  } catch (err) {
    return { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    cancelled.delete(request.id);
  }
}
