import { strict as assert } from "node:assert";
import type { Finding } from "../../server/protocol";
import { findingForDiagnostic, placeFix, quickFixTitle } from "../../extension/quickFixModel";

const TEXT = "import yaml\nconfig = yaml.load(stream)\n";
const EDIT = { range: { start: { line: 2, column: 10 }, end: { line: 2, column: 27 } }, oldText: "yaml.load(stream)", newText: "yaml.safe_load(stream)" };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: "unsafe-deserialization:app/c.py:yaml.load",
    perspective: "security",
    rule: "unsafe-deserialization",
    severity: "error",
    file: "app/c.py",
    range: { start: { line: 2, column: 10 }, end: { line: 2, column: 27 } },
    message: "yaml.load without a safe loader can build arbitrary Python objects from the document.",
    suggestion: "Use yaml.safe_load (or Loader=yaml.SafeLoader).",
    fix: { edits: [EDIT] },
    ...over,
  };
}

function apply(text: string, placed: ReturnType<typeof placeFix>): string {
  assert.ok("edits" in placed, JSON.stringify(placed));
  let out = text;
  for (const e of [...placed.edits].reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe("extension: quick fixes placed on the document as it is now", () => {
  it("applies the edit where its range still holds the text it replaces", () => {
    assert.equal(apply(TEXT, placeFix(TEXT, [EDIT])), "import yaml\nconfig = yaml.safe_load(stream)\n");
  });

  it("follows the text when lines above it or columns before it changed, found once in the document", () => {
    const moved = "import yaml\n\n# the settings\nsettings_config = yaml.load(stream)\n";
    assert.equal(apply(moved, placeFix(moved, [EDIT])), "import yaml\n\n# the settings\nsettings_config = yaml.safe_load(stream)\n");
  });

  it("refuses, saying why, when the call changed, appears twice elsewhere, or the file is shorter", () => {
    assert.deepEqual(placeFix("import yaml\nconfig = yaml.load(stream, Loader=yaml.FullLoader)\n", [EDIT]), { reason: 'the file no longer holds "yaml.load(stream)"' });
    assert.deepEqual(placeFix("import yaml\n\nc = yaml.load(stream)\nd = yaml.load(stream)\n", [EDIT]), { reason: '"yaml.load(stream)" is no longer at line 2 and appears more than once now' });
    assert.deepEqual(placeFix("import yaml\n", [EDIT]), { reason: 'the file no longer holds "yaml.load(stream)"' });
    assert.match((placeFix(TEXT, [{ range: EDIT.range, newText: "x" }]) as { reason: string }).reason, /does not say what text it replaces/);
  });

  it("places several edits, and refuses overlapping ones", () => {
    const text = "a = yaml.load(x)\nb = yaml.load(y)\n";
    const second = { range: { start: { line: 2, column: 5 }, end: { line: 2, column: 17 } }, oldText: "yaml.load(y)", newText: "yaml.safe_load(y)" };
    const first = { range: { start: { line: 1, column: 5 }, end: { line: 1, column: 17 } }, oldText: "yaml.load(x)", newText: "yaml.safe_load(x)" };
    assert.equal(apply(text, placeFix(text, [second, first])), "a = yaml.safe_load(x)\nb = yaml.safe_load(y)\n");
    assert.deepEqual(placeFix(text, [first, first]), { reason: "the fix's edits overlap" });
  });

  it("finds the finding behind a diagnostic by rule, message and file, on its line when several match", () => {
    const a = finding();
    const b = finding({ id: "b", range: { start: { line: 7, column: 1 }, end: { line: 7, column: 5 } } });
    assert.equal(findingForDiagnostic([a, b], "app/c.py", { rule: a.rule, message: a.message, line: 7 }), b);
    assert.equal(findingForDiagnostic([a], "app/c.py", { rule: a.rule, message: a.message, line: 3 }), a, "one candidate: the line may have moved");
    assert.equal(findingForDiagnostic([a, b], "app/c.py", { rule: a.rule, message: a.message, line: 3 }), null);
    assert.equal(findingForDiagnostic([a], "app/other.py", { rule: a.rule, message: a.message, line: 2 }), null);
  });

  it("titles the fix by what it replaces when that is short, else by the suggestion", () => {
    assert.equal(quickFixTitle(finding()), "Autocoder: replace yaml.load(stream) with yaml.safe_load(stream)");
    const long = finding({ fix: { edits: [EDIT, EDIT] } });
    assert.equal(quickFixTitle(long), "Autocoder: Use yaml.safe_load (or Loader=yaml.SafeLoader).");
  });
});
