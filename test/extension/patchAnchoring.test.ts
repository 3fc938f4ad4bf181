import { strict as assert } from "node:assert";
import { anchorNewFile, anchorPatch, parseUnifiedDiff, type Anchoring } from "../../extension/patchAnchoring";
import { unifiedDiff } from "../../server/implementation";

// The diffs come from the server's own unifiedDiff, as the implementation worker makes them.

const BEFORE = `import yaml


def load_settings(path):
    with open(path) as f:
        return yaml.load(f)


def main():
    print(load_settings("a.yml"))
`;
const AFTER = BEFORE.replace("yaml.load(f)", "yaml.safe_load(f)");

function result(a: Anchoring): string {
  assert.ok(a.kind === "exact" || a.kind === "moved", `expected the change to be placed, got ${JSON.stringify(a)}`);
  return a.result;
}

describe("extension: anchoring generated code on the document's current text", () => {
  const patch = parseUnifiedDiff(unifiedDiff("settings.py", BEFORE, AFTER));

  it("reads the server's diff: the file, one hunk, its old and new lines", () => {
    assert.equal(patch.file, "settings.py");
    assert.equal(patch.creates, false);
    assert.equal(patch.hunks.length, 1);
    assert.equal(patch.hunks[0]!.oldStart, 3);
    assert.ok(patch.hunks[0]!.oldLines.includes("        return yaml.load(f)"));
    assert.ok(patch.hunks[0]!.newLines.includes("        return yaml.safe_load(f)"));
  });

  it("applies the change where the diff says when the file is as it was", () => {
    const a = anchorPatch(BEFORE, patch);
    assert.equal(a.kind, "exact");
    assert.equal(result(a), AFTER);
    // One edit covering only the hunk's lines, so the rest of the document is untouched.
    assert.equal((a as { edits: unknown[] }).edits.length, 1);
  });

  it("re-anchors when lines were added above: the same lines found once further down, and says where", () => {
    const edited = `# settings loader\n# reads YAML\n${BEFORE}`;
    const a = anchorPatch(edited, patch);
    assert.equal(a.kind, "moved");
    assert.equal(result(a), `# settings loader\n# reads YAML\n${AFTER}`);
    assert.deepEqual((a as Extract<Anchoring, { kind: "moved" }>).moves, [{ hunk: 0, from: 3, to: 5 }]);
  });

  it("refuses when the lines it replaces changed since, naming the line and what it was", () => {
    const edited = BEFORE.replace("yaml.load(f)", "yaml.load(f, Loader=yaml.FullLoader)");
    const a = anchorPatch(edited, patch);
    assert.equal(a.kind, "conflict");
    assert.match((a as { reason: string }).reason, /changed since the code was generated: line 6 was "return yaml\.load\(f\)" when the code was generated and is "return yaml\.load\(f, Loader=yaml\.FullLoader\)" now/);
  });

  it("refuses when the lines it replaces now appear twice away from where they were", () => {
    const block = BEFORE.split("\n").slice(2, 9).join("\n");
    const edited = `import yaml\n# moved\n\n${block}\n\n${block}\n`;
    const a = anchorPatch(edited, patch);
    assert.equal(a.kind, "conflict");
    assert.match((a as { reason: string }).reason, /appear 2 times/);
  });

  it("says when the file already has the change", () => {
    assert.equal(anchorPatch(AFTER, patch).kind, "applied");
  });

  it("keeps a CRLF document's line breaks", () => {
    const crlf = BEFORE.replace(/\n/g, "\r\n");
    assert.equal(result(anchorPatch(crlf, patch)), AFTER.replace(/\n/g, "\r\n"));
  });

  it("handles a last line without a line break on either side", () => {
    const p = parseUnifiedDiff(unifiedDiff("a.txt", "one\ntwo", "one\nthree"));
    assert.equal(result(anchorPatch("one\ntwo", p)), "one\nthree");
    const added = parseUnifiedDiff(unifiedDiff("a.txt", "one\ntwo", "one\ntwo\n"));
    assert.equal(result(anchorPatch("one\ntwo", added)), "one\ntwo\n");
  });

  it("removes a package.json line as the unused-dependency fix makes it", () => {
    const before = `{\n  "name": "x",\n  "dependencies": {\n    "left-pad": "1.3.0",\n    "zod": "4.0.0"\n  }\n}\n`;
    const after = before.replace(`    "left-pad": "1.3.0",\n`, "");
    const p = parseUnifiedDiff(unifiedDiff("package.json", before, after));
    assert.equal(result(anchorPatch(before, p)), after);
    // Someone removed it by hand meanwhile: nothing to do.
    assert.equal(anchorPatch(after, p).kind, "applied");
  });

  it("places several hunks in order, each found on its own", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const text = lines.join("\n") + "\n";
    const diff = [
      "--- a/f.txt",
      "+++ b/f.txt",
      "@@ -2,3 +2,3 @@",
      " line 2",
      "-line 3",
      "+LINE 3",
      " line 4",
      "@@ -20,3 +20,4 @@",
      " line 20",
      " line 21",
      "+inserted",
      " line 22",
      "",
    ].join("\n");
    const p = parseUnifiedDiff(diff);
    const want = text.replace("line 3\n", "LINE 3\n").replace("line 21\n", "line 21\ninserted\n");
    assert.equal(result(anchorPatch(text, p)), want);
    // Ten lines added between the hunks: the second hunk moves, the first stays.
    const grown = text.replace("line 10\n", "line 10\n" + "extra\n".repeat(10));
    const a = anchorPatch(grown, p);
    assert.equal(a.kind, "moved");
    assert.deepEqual((a as Extract<Anchoring, { kind: "moved" }>).moves, [{ hunk: 1, from: 20, to: 30 }]);
    assert.equal(result(a), grown.replace("line 3\n", "LINE 3\n").replace("line 21\n", "line 21\ninserted\n"));
  });

  it("creates a new file only where there is none", () => {
    const p = parseUnifiedDiff(unifiedDiff("test/a.test.ts", null, "it('works', () => {});\n"));
    assert.equal(p.creates, true);
    assert.equal(p.file, "test/a.test.ts");
    assert.deepEqual(anchorNewFile(null, "x\n"), { kind: "exact", edits: [{ start: 0, end: 0, text: "x\n" }], result: "x\n" });
    assert.equal(anchorNewFile("x\n", "x\n").kind, "applied");
    assert.match((anchorNewFile("other\n", "x\n") as { reason: string }).reason, /exists now/);
  });

  it("rejects text that is not a unified diff, or hunks that disagree with their headers, with the reason", () => {
    assert.throws(() => parseUnifiedDiff("just some code\n"), /not a unified diff/);
    assert.throws(() => parseUnifiedDiff("--- a/x\n+++ b/x\n"), /no hunks/);
    assert.throws(() => parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n"), /shorter than its header/);
    assert.throws(() => parseUnifiedDiff("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n-b\n+c\n"), /longer than its header/);
  });
});
