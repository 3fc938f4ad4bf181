// The analysis thread: parses and checks off the server's event loop, so a cold pass over a
// large workspace (seconds of synchronous work) does not hold up pushes, replies and other
// workers' stores. It keeps its own parse cache: trees cannot cross threads, texts can.
import { parentPort } from "node:worker_threads";
import { analysisConfigFor, runAnalysisPerspective } from "../analysis";
import { ParseCache, loadPythonParser } from "../workspace";
import type { AnalysisReply, AnalysisRequest } from "./analysisRunner";

const cache = new ParseCache();

parentPort!.on("message", (request: AnalysisRequest) => {
  void answer(request).then((reply) => parentPort!.postMessage(reply));
});

async function answer(request: AnalysisRequest): Promise<AnalysisReply> {
  try {
    await loadPythonParser();
    const { step, snapshot, config, coverageReports, audits } = request;
    const parsed = cache.all(snapshot.files);
    const result = runAnalysisPerspective(step, { snapshot, parsed, config: analysisConfigFor(config), coverageReports, audits });
    return { id: request.id, ok: true, result };
  } catch (err) {
    return { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
