import { strict as assert } from "node:assert";
import { serveArguments } from "../../extension/serveArguments";
import { serveSettings } from "../../server/cli/serveCommand";

const defaults = { autoStart: true, intervals: { analysis: 60, testPlanning: 60, implementation: 120 }, maxLoad: 0.9, allowExecute: false };

describe("extension: settings become serve flags", () => {
  it("passes every setting as the flag the server reads", () => {
    const { args, ignored } = serveArguments({ autoStart: false, intervals: { analysis: 5, testPlanning: 0, implementation: 30 }, maxLoad: 0, allowExecute: false });
    assert.deepEqual(ignored, []);
    const settings = serveSettings(["--workspace", ".", ...args], {});
    assert.equal(settings.autostart, false);
    assert.deepEqual(settings.intervalsMs, { analysis: 5000, "test-planning": 0, implementation: 30_000 });
    assert.equal(settings.maxLoad, 0);
  });

  it("leaves out a value the server would refuse, and says which", () => {
    const { args, ignored } = serveArguments({ ...defaults, intervals: { ...defaults.intervals, analysis: -1 }, maxLoad: "x" as unknown as number });
    assert.deepEqual(ignored, ['autocoder.intervals.analysis = -1 (must be a number ≥ 0)', 'autocoder.maxLoad = "x" (must be a number ≥ 0)']);
    assert.ok(!args.includes("--interval-analysis") && !args.includes("--max-load"));
    assert.doesNotThrow(() => serveSettings(["--workspace", ".", ...args], {}));
  });

  it("lets the server run workspace code only in a trusted folder, with a flag serve takes", () => {
    const trusted = serveArguments({ ...defaults, allowExecute: true }).args;
    assert.ok(trusted.includes("--allow-execute"));
    assert.equal(serveSettings(["--workspace", ".", ...trusted], {}).allowExecute, true);
    assert.ok(!serveArguments({ ...defaults, allowExecute: false }).args.includes("--allow-execute"), "untrusted: never");
  });
});
