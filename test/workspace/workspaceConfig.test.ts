import { strict as assert } from "node:assert";
import { analysisConfigFor, RULE_IDS } from "../../server/analysis";
import { ConfigError, parseWorkspaceConfig } from "../../server/workspace";

describe("workspace config", () => {
  it("reads thresholds, rules and ignores, over the defaults", () => {
    const raw = parseWorkspaceConfig('{"thresholds":{"complexity":5},"rules":{"todo-note":"off"},"ignore":["fixtures/"]}');
    const config = analysisConfigFor(raw);
    assert.equal(config.thresholds.complexity, 5);
    assert.equal(config.thresholds.parameters, 4, "unset thresholds keep their default");
    assert.deepEqual(config.disabledRules, ["todo-note"]);
    assert.deepEqual(raw.ignore, ["fixtures/"]);
  });

  const rejects = (text: string, pattern: RegExp) => () =>
    assert.throws(() => analysisConfigFor(parseWorkspaceConfig(text)), (err: Error) => pattern.test(err.message));

  it("names a misspelt key", rejects('{"thresholds":{"complexty":5}}', /config\.json: thresholds: Unrecognized key: "complexty"/));
  it("names a wrong type", rejects('{"thresholds":{"complexity":"high"}}', /thresholds\.complexity: .*number/));
  it("names an unknown top-level key", rejects('{"rule":{}}', /Unrecognized key: "rule"/));
  it("names an unknown rule and lists the known ones", rejects('{"rules":{"complexty":"off"}}', /rules\.complexty: unknown rule; known rules are .*complexity/));
  it("rejects a bad rule state", rejects('{"rules":{"complexity":"maybe"}}', /rules\.complexity/));
  it("says when it is not JSON", () => {
    assert.throws(() => parseWorkspaceConfig("{oops"), (err: Error) => err instanceof ConfigError && /not valid JSON/.test(err.message));
  });
  it("knows every rule of the registry", () => {
    for (const id of ["complexity", "function-length", "parameter-count", "nesting-depth", "todo-note", "parse-error", "duplicate-code"]) {
      assert.ok(RULE_IDS.includes(id), id);
    }
  });
});
