import { strict as assert } from "node:assert";
import { duplicateCode } from "../../../server/analysis/rules/codeQuality/duplicateCode";
import { tokenize } from "../../../server/analysis/facts/tokens";
import { parseFile } from "../../../server/workspace";
import { checkWorkspace } from "../ruleTester";

// 12 lines, well over 50 tokens.
const BLOCK = `function total(items) {
  let sum = 0;
  for (const item of items) {
    if (item.price > 0 && item.quantity > 0) {
      sum += item.price * item.quantity;
    } else if (item.refund) {
      sum -= item.refund.amount;
    }
  }
  return Math.round(sum * 100) / 100;
}
`;

describe("rule: duplicate-code", () => {
  it("finds a block copied into another file, once, at the copy, pointing at the original", () => {
    const findings = checkWorkspace(duplicateCode, {
      "src/a.ts": `import x from "x";\n\n${BLOCK}`,
      "src/b.ts": `// copied\nexport const y = 2;\n${BLOCK}export {};\n`,
    });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.file, "src/b.ts");
    assert.equal(f.range.start.line, 3);
    assert.equal(f.range.end.line, 13);
    assert.deepEqual(f.data!.other, { file: "src/a.ts", startLine: 3, endLine: 13 });
    assert.match(f.message, /^Lines 3–13 \(\d+ tokens\) duplicate src\/a\.ts lines 3–13\.$/);
    assert.ok((f.data!.tokens as number) >= 50);
  });

  it("ignores whitespace and comments, as token comparison does", () => {
    const reformatted = BLOCK.replace(/\n\s*/g, "\n").replace("let sum = 0;", "let sum = 0; // start at zero");
    const findings = checkWorkspace(duplicateCode, { "a.js": BLOCK, "b.js": reformatted });
    assert.equal(findings.length, 1);
  });

  it("does not fire for short blocks, or for code that differs in names", () => {
    const short = "function f(a) { return a + 1; }\n";
    assert.deepEqual(checkWorkspace(duplicateCode, { "a.ts": short, "b.ts": short }), []);
    const renamed = BLOCK.replace(/item/g, "entry");
    assert.deepEqual(checkWorkspace(duplicateCode, { "a.ts": BLOCK, "b.ts": renamed }), []);
  });

  it("gives each copy of a block pasted three times into one file an id of its own", () => {
    const thrice = `${BLOCK}\n${BLOCK.replace("total", "total2")}\n${BLOCK.replace("total", "total3")}`;
    const findings = checkWorkspace(duplicateCode, { "one.ts": thrice });
    assert.equal(findings.length, 2, "the second and third copies each point at the first");
    assert.equal(new Set(findings.map((f) => f.id)).size, 2, findings.map((f) => f.id).join(", "));
    assert.deepEqual(checkWorkspace(duplicateCode, { "one.ts": thrice }).map((f) => f.id), findings.map((f) => f.id), "and the same ids every time");
  });

  it("finds a copy within one file without overlapping itself", () => {
    const findings = checkWorkspace(duplicateCode, { "one.ts": `${BLOCK}\n${BLOCK.replace("total", "total2")}` });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /duplicate earlier in this file/);
    const repeated = "x(1);\n".repeat(80);
    const self = checkWorkspace(duplicateCode, { "rep.ts": repeated });
    for (const f of self) {
      const other = f.data!.other as { endLine: number };
      assert.ok(other.endLine < f.range.start.line, "the two copies never overlap");
    }
  });

  it("reports each later copy against the first, with ids that survive moving the copy", () => {
    const files = { "a.ts": BLOCK, "b.ts": BLOCK, "c.ts": `\n\n\n${BLOCK}` };
    const findings = checkWorkspace(duplicateCode, files);
    assert.deepEqual(findings.map((f) => [f.file, (f.data!.other as { file: string }).file]), [
      ["b.ts", "a.ts"],
      ["c.ts", "a.ts"],
    ]);
    const moved = checkWorkspace(duplicateCode, { ...files, "c.ts": BLOCK });
    assert.equal(moved[1]!.id, findings[1]!.id);
  });

  it("respects the configured minimum", () => {
    assert.deepEqual(checkWorkspace(duplicateCode, { "a.ts": BLOCK, "b.ts": BLOCK }, { duplicateTokens: 500 }), []);
  });
});

describe("tokenize", () => {
  const tokens = (text: string) => tokenize(parseFile({ path: "t.ts", size: text.length, mtimeMs: 0, hash: "", text })).texts;
  it("tells regular expressions from division", () => {
    assert.deepEqual(tokens("a = b / c / d; r = /x\\/\\/y/g;"), ["a", "=", "b", "/", "c", "/", "d", ";", "r", "=", "/x\\/\\/y/g", ";"]);
  });
  it("continues templates after nested braces", () => {
    assert.deepEqual(tokens("t = `a${ {k: 1}.k }b${c}d`;"), ["t", "=", "`a${", "{", "k", ":", "1", "}", ".", "k", "}b${", "c", "}d`", ";"]);
  });
  it("drops comments and whitespace", () => {
    assert.deepEqual(tokens("a /* x */ + // y\n b"), ["a", "+", "b"]);
  });
});

import { findCopies } from "../../../server/analysis/rules/codeQuality/duplicateCode";
import { DEFAULT_ANALYSIS_CONFIG } from "../../../server/analysis";
import { runRules } from "../../../server/analysis/runRules";
import { createHash } from "node:crypto";

describe("duplicate-code, incremental", () => {
  const version = (path: string, text: string) =>
    parseFile({ path, size: text.length, mtimeMs: 0, hash: createHash("sha256").update(path + text).digest("hex"), text });
  const summary = (found: { file: { file: { path: string } }; report: { anchor: string; message: string } }[]) =>
    found.map((f) => `${f.file.file.path} ${f.report.anchor} ${f.report.message}`);

  it("gives the same copies as a full recomputation after every random edit", () => {
    // Deterministic pseudo-random edits over a small workspace built from a few blocks.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const blocks = [BLOCK, BLOCK.replace(/item/g, "row").replace("total", "sum2"), BLOCK.replace("Math.round", "Math.floor"), "export const x = 1;\n"];
    const files = new Map<string, string>();
    for (let i = 0; i < 8; i++) files.set(`src/f${i}.ts`, blocks[rnd(blocks.length)]! + blocks[rnd(blocks.length)]!);
    const cache = new Map<string, ReturnType<typeof version>>();
    const current = () =>
      [...files.keys()].sort().map((p) => {
        const text = files.get(p)!;
        const key = `${p}\u0000${text}`;
        if (!cache.has(key)) cache.set(key, version(p, text));
        return cache.get(key)!;
      });
    let stepsWithCopies = 0;
    for (let step = 0; step < 40; step++) {
      const names = [...files.keys()];
      const op = rnd(4);
      const target = names[rnd(names.length)]!;
      if (op === 0) files.set(target, blocks[rnd(blocks.length)]! + files.get(target)!);
      else if (op === 1 && files.size > 2) files.delete(target);
      else if (op === 2) files.set(`src/n${step}.ts`, blocks[rnd(blocks.length)]!);
      else files.set(target, "// edited\n" + blocks[rnd(blocks.length)]!);
      const parsed = current();
      const incremental = runRules([duplicateCode], parsed, DEFAULT_ANALYSIS_CONFIG).findings.map((f) => `${f.file} ${f.id} ${f.message}`);
      const ranks = new Map<string, number>();
      const full = summary(findCopies(parsed, 50, 5)).map((line) => {
        const [file, anchor, ...message] = line.split(" ");
        const rank = (ranks.get(`${file} ${anchor}`) ?? 0) + 1;
        ranks.set(`${file} ${anchor}`, rank);
        return `${file} duplicate-code:${file}:${anchor}${rank > 1 ? `#${rank}` : ""} ${message.join(" ")}`;
      });
      assert.deepEqual(incremental, full, `step ${step}`);
      if (full.length > 0) stepsWithCopies++;
    }
    assert.ok(stepsWithCopies >= 30, `the edits keep producing copies to compare (${stepsWithCopies} of 40 steps)`);
  });
});

import { loadPythonParser } from "../../../server/workspace";
import { tokenizePython } from "../../../server/analysis/facts/pythonTokens";

const PY_BLOCK = `def total(items):
    amount = 0
    for item in items:
        if item.price > 0 and item.quantity > 0:
            amount += item.price * item.quantity
        elif item.refund:
            amount -= item.refund.amount
    return round(amount * 100) / 100
`;

describe("duplicate-code, Python", () => {
  before(loadPythonParser);
  const pyTokens = (text: string) => tokenizePython(parseFile({ path: "t.py", size: text.length, mtimeMs: 0, hash: "", text }).py!, text).texts;

  it("tokenizes from the tree's leaves: comments dropped, a string (f-strings too) one token", () => {
    assert.deepEqual(pyTokens('x = f"a{b}c"  # note\nif x: y("s")\n'), ["x", "=", 'f"a{b}c"', "if", "x", ":", "y", "(", '"s"', ")"]);
    // Offsets count UTF-16 code units, as the TS/JS stream and the editor do.
    assert.deepEqual(pyTokens('s = "é😀"; t = 1\n').slice(-3), ["t", "=", "1"]);
  });

  it("finds a Python block copied into another module, ignoring comments and blank lines", () => {
    const copy = `import os\n\n\n${PY_BLOCK.replace("    amount = 0\n", "    amount = 0  # start\n\n")}`;
    const findings = checkWorkspace(duplicateCode, { "pkg/a.py": PY_BLOCK, "pkg/b.py": copy });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.file, "pkg/b.py");
    assert.equal(findings[0]!.range.start.line, 4);
    assert.deepEqual(findings[0]!.data!.other, { file: "pkg/a.py", startLine: 1, endLine: 8 });
  });

  it("does not fire on renamed code, and never matches Python against TS/JS", () => {
    assert.deepEqual(checkWorkspace(duplicateCode, { "a.py": PY_BLOCK, "b.py": PY_BLOCK.replace(/item/g, "row") }), []);
    const shared = "f(a, b, c, d, e, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z)\n".repeat(6);
    assert.deepEqual(checkWorkspace(duplicateCode, { "a.py": shared, "b.js": shared }), []);
    assert.equal(checkWorkspace(duplicateCode, { "a.py": shared, "b.py": shared }).length, 1);
  });
});
