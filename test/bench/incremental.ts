// Child process of the bench: the rotation's view — the same reader and caches across passes —
// timing a cold pass, a warm pass over the unchanged tree and a pass after one file changed.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { runAnalysisPerspective } from "../../server/analysis";
import { ANALYSIS_PERSPECTIVES } from "../../server/protocol";
import { ParseCache, WorkspaceReader, loadPythonParser, pythonParserProblem } from "../../server/workspace";

async function pass(reader: WorkspaceReader, cache: ParseCache): Promise<number> {
  const started = performance.now();
  const snapshot = await reader.scan();
  const parsed = cache.all(snapshot.files);
  for (const perspective of ANALYSIS_PERSPECTIVES) runAnalysisPerspective(perspective, { snapshot, parsed });
  return performance.now() - started;
}

async function main(root: string): Promise<void> {
  await loadPythonParser();
  // Without the parser Python files get file-level checks only: timing that would flatter us.
  const problem = pythonParserProblem();
  if (problem) throw new Error(problem);
  const reader = new WorkspaceReader(root);
  const cache = new ParseCache();
  const cold = await pass(reader, cache);
  const warm = await pass(reader, cache);
  const snapshot = await reader.scan();
  const victim = path.join(root, snapshot.files[Math.floor(snapshot.files.length / 2)]!.path);
  const original = await fs.readFile(victim, "utf8");
  try {
    await fs.writeFile(victim, `${original}\nexport const __autocoderBenchEdit = 1;\n`);
    const oneFile = await pass(reader, cache);
    process.stdout.write(JSON.stringify({ coldMs: cold, warmMs: warm, oneFileMs: oneFile, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + "\n");
  } finally {
    await fs.writeFile(victim, original);
  }
}

void main(process.argv[2]!);
