import { strict as assert } from "node:assert";
import { analyzeNowStep, analyzeNowSummary } from "../../extension/analyzeNowProgress";
import type { AnalysisProgress } from "../../extension/serverSession";

const at = (over: Partial<AnalysisProgress>): AnalysisProgress => ({
  perspective: { id: "security", name: "Security" },
  perspectives_done: 3,
  perspectives_total: 6,
  files_done: 60,
  files_total: 120,
  failed: [],
  ...over,
});

describe("extension: Analyze Now's progress notification", () => {
  it("names the perspective, its place among the six and the files read", () => {
    assert.deepEqual(analyzeNowStep(at({})), { message: "Security (4 of 6) · 60 / 120 files", percent: 58.3 });
  });

  it("fills each perspective's share as its files are read, and reaches 100 only when all six are done", () => {
    assert.equal(analyzeNowStep(at({ perspectives_done: 0, files_done: 0, files_total: 0 })).percent, 0);
    assert.equal(analyzeNowStep(at({ perspectives_done: 0, files_done: 120 })).percent, 16.7);
    assert.equal(analyzeNowStep(at({ perspectives_done: 5, files_done: 120 })).percent, 100);
    const done = analyzeNowStep(at({ perspectives_done: 6, files_done: 120 }));
    assert.deepEqual(done, { message: "6 of 6 perspectives · 120 / 120 files", percent: 100 });
  });

  it("counts failed perspectives as it goes and names them at the end", () => {
    assert.match(analyzeNowStep(at({ failed: ["Dependencies: npm audit timed out"] })).message, / · 1 failed$/);
    assert.equal(
      analyzeNowSummary(4, at({ perspectives_done: 6, failed: ["Dependencies: npm audit timed out"] })),
      "Autocoder: Analyze Now ran 6 perspectives over 120 files: 4 findings. Failed: Dependencies: npm audit timed out.",
    );
    assert.equal(analyzeNowSummary(1, at({ perspectives_done: 6, files_total: 1 })), "Autocoder: Analyze Now ran 6 perspectives over 1 file: 1 finding.");
    assert.equal(analyzeNowSummary(0, null), "Autocoder: Analyze Now ran the perspectives: 0 findings.");
  });
});
