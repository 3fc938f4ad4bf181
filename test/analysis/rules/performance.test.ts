import { strict as assert } from "node:assert";
import { awaitInLoop } from "../../../server/analysis/rules/performance/awaitInLoop";
import { lookupInLoop } from "../../../server/analysis/rules/performance/lookupInLoop";
import { nestedLoop } from "../../../server/analysis/rules/performance/nestedLoop";
import { rebuiltInLoop } from "../../../server/analysis/rules/performance/rebuiltInLoop";
import { syncIoInAsync } from "../../../server/analysis/rules/performance/syncIoInAsync";
import { check } from "../ruleTester";

describe("rule: sync-io-in-async", () => {
  it("flags blocking calls in async functions and request handlers", () => {
    const code = [
      "async function load(p) { return fs.readFileSync(p, 'utf8'); }",
      "app.get('/x', (req, res) => { res.send(fs.readdirSync('.')); });",
      "function handle(req, res) { execSync('ls'); }",
    ].join("\n");
    assert.deepEqual(check(syncIoInAsync, code).map((f) => [f.range.start.line, f.data!.context]), [[1, "async"], [2, "handler"], [3, "handler"]]);
  });
  it("is silent in plain synchronous code (a CLI's startup), and says info in tests", () => {
    assert.deepEqual(check(syncIoInAsync, "function readConfig(p) { return fs.readFileSync(p); }"), []);
    assert.equal(check(syncIoInAsync, "it('x', async () => { fs.readFileSync('a'); });", { file: "test/a.test.ts" })[0]!.severity, "info");
  });
});

describe("rule: await-in-loop", () => {
  it("flags await in for…of over a collection", () => {
    const [f] = check(awaitInLoop, "async function f(urls) { for (const u of urls) { await fetch(u); } }");
    assert.equal(f!.data!.over, "urls");
    assert.equal(f!.severity, "warning");
  });
  it("is silent for for await, while loops, and callbacks", () => {
    const code = [
      "async function a(s) { for await (const x of s) { await x; } }",
      "async function b(q) { while (q.length) { await q.shift(); } }",
      "async function c(xs) { for (const x of xs) { setTimeout(async () => { await x; }); } }",
    ].join("\n");
    assert.deepEqual(check(awaitInLoop, code), []);
  });
});

describe("rule: nested-loop-same-collection", () => {
  it("flags a loop over a collection inside a loop over the same one, statements or callbacks", () => {
    const code = "for (const a of items) { for (const b of items) {} }\nusers.forEach((u) => users.filter((v) => v.id === u.id));";
    assert.deepEqual(check(nestedLoop, code).map((f) => f.data!.collection), ["items", "users"]);
  });
  it("is silent for different collections", () => {
    assert.deepEqual(check(nestedLoop, "for (const a of left) { for (const b of right) {} }"), []);
  });
});

describe("rule: rebuilt-in-loop", () => {
  it("flags fixed RegExps and JSON deep copies built per iteration", () => {
    const code = "for (const l of lines) { const re = new RegExp('^#'); const c = JSON.parse(JSON.stringify(state)); }";
    assert.deepEqual(check(rebuiltInLoop, code).map((f) => f.data!.construct), ["RegExp", "JSON clone"]);
  });
  it("is silent when the pattern depends on the item, and outside loops", () => {
    assert.deepEqual(check(rebuiltInLoop, "for (const w of words) { new RegExp(w); }\nconst re = new RegExp('^#');"), []);
  });
});

describe("rule: linear-lookup-in-loop", () => {
  it("flags includes on a known array inside a loop", () => {
    const code = "const allowed = ['a', 'b'];\nfor (const x of input) { if (allowed.includes(x)) {} }";
    assert.deepEqual(check(lookupInLoop, code).map((f) => f.data!.collection), ["allowed"]);
  });
  it("is silent on strings and on names not known to be arrays", () => {
    const code = "const flags = 'gim';\nfor (const f of input) { flags.includes(f); other.includes(f); }";
    assert.deepEqual(check(lookupInLoop, code), []);
  });
});
