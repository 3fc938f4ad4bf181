// The analysis thread: parses and checks off the server's event loop, so a cold pass over a
// large workspace (seconds of synchronous work) does not hold up pushes, replies and other
// workers' stores. It keeps its own parse cache: trees cannot cross threads, texts can.
import { readlinkSync } from "node:fs";
import * as os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { analysisConfigFor, runAnalysisPerspective } from "../analysis";
import { ParseCache, installFileBeacon, loadPythonParser } from "../workspace";
import type { AnalysisReply, AnalysisRequest } from "./analysisRunner";
import { SharedFileBeacon } from "./sharedFileBeacon";

const cache = new ParseCache();
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

parentPort!.on("message", (request: AnalysisRequest) => {
  void answer(request).then((reply) => parentPort!.postMessage(reply));
});

async function answer(request: AnalysisRequest): Promise<AnalysisReply> {
  try {
    await loadPythonParser();
    const { step, snapshot, config, coverageReports, audits } = request;
    beacon.startJob(snapshot.files.map((f) => f.path));
    const parsed = cache.all(snapshot.files);
    const result = runAnalysisPerspective(step, { snapshot, parsed, config: analysisConfigFor(config), coverageReports, audits });
    return { id: request.id, ok: true, result };
  } catch (err) {
    return { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
