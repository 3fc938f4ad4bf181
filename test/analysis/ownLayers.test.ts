import { strict as assert } from "node:assert";
import * as path from "node:path";
import { analyseOnce } from "../../server/cli/oneShotAnalysis";
import { ANALYSIS_PERSPECTIVES } from "../../server/protocol";

// The design card's boundaries are written down as layer rules in this repository's own
// .autocoder/config.json; the architecture perspective holds the codebase to them.
describe("this repository keeps its own architecture rules", function () {
  this.timeout(60_000);
  it("has no layer violation and no runtime import cycle", async () => {
    const architecture = ANALYSIS_PERSPECTIVES.filter((p) => p.id === "architecture");
    const { findings } = await analyseOnce(path.resolve(__dirname, "..", ".."), architecture);
    const broken = findings.filter((f) => f.rule === "layer-violation" || (f.rule === "import-cycle" && f.data?.kind === "runtime"));
    assert.deepEqual(broken.map((f) => `${f.file}: ${f.message}`), []);
  });
});
