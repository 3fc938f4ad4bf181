import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { DEFAULT_ANALYSIS_CONFIG, PERSPECTIVE_RULES } from "../../server/analysis";
import { runRules } from "../../server/analysis/runRules";
import { openAiModel, parseModelSpec, runImplementationStage, workspaceChecks } from "../../server/implementation";
import { chatCompletion, ModelError } from "../../server/implementation/model/chatCompletion";
import { IMPLEMENTATION_STAGES, type Finding } from "../../server/protocol";
import type { ParsedFile } from "../../server/workspace";
import { parsedFiles } from "../planning/planTester";
import { startOpenAiStandIn, type StandInReply } from "../support/openAiStandIn";
import { runCli } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const SOURCE = { "src/total.js": "// FIXME: rounding is wrong for negative totals\nexport function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n" };
const FIXED = "export function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n";

function fixmeFinding(files: ParsedFile[]): Finding {
  const rules = Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules ?? []);
  return runRules(rules, files, DEFAULT_ANALYSIS_CONFIG).findings.find((f) => f.rule === "todo-note")!;
}

async function withStandIn<T>(script: StandInReply[], run: (standIn: Awaited<ReturnType<typeof startOpenAiStandIn>>) => Promise<T>): Promise<T> {
  const standIn = await startOpenAiStandIn(script);
  try {
    return await run(standIn);
  } finally {
    await standIn.close();
  }
}

describe("optional model: --llm openai:<baseUrl>:<model>", function () {
  this.timeout(120_000);

  it("reads the spec, keeping colons in model names and ports in URLs", () => {
    assert.deepEqual(parseModelSpec("openai:http://127.0.0.1:11434/v1:qwen2.5-coder:1.5b"), { kind: "openai", baseUrl: "http://127.0.0.1:11434/v1", model: "qwen2.5-coder:1.5b" });
    assert.deepEqual(parseModelSpec("openai:https://api.example.org/v1/:gpt-small"), { kind: "openai", baseUrl: "https://api.example.org/v1", model: "gpt-small" });
    assert.throws(() => parseModelSpec("openai:qwen"), /--llm must look like openai:<baseUrl>:<model>/);
    assert.throws(() => parseModelSpec("hfx:Qwen/Qwen2.5-Coder-1.5B-Instruct"), /--llm must look like openai:<baseUrl>:<model> .* or hf:<model>/);
  });

  it("streams a chat completion from the OpenAI-compatible contract, and says why when it fails", async () => {
    await withStandIn([{ kind: "answer", content: "Hello, streamed\nworld" }, { kind: "answer", content: "whole", stream: false }, { kind: "status", status: 503, retryAfter: 7 }, { kind: "cut" }, { kind: "hang" }], async (s) => {
      const spec = { kind: "openai" as const, baseUrl: s.baseUrl, model: "tiny-coder" };
      assert.equal(await chatCompletion(spec, [{ role: "user", content: "hi" }], { apiKey: "sk-local" }), "Hello, streamed\nworld");
      assert.equal(s.requests[0]!.body.model, "tiny-coder");
      assert.equal(s.requests[0]!.body.stream, true);
      assert.equal(s.requests[0]!.headers.authorization, "Bearer sk-local");
      assert.equal(await chatCompletion(spec, [{ role: "user", content: "hi" }]), "whole");
      await assert.rejects(chatCompletion(spec, []), (e: ModelError) => e.status === 503 && e.retryAfterSeconds === 7 && /^HTTP 503: .*overloaded/.test(e.message));
      await assert.rejects(chatCompletion(spec, []), /the stream ended before the answer was finished|unreadable answer/);
      await assert.rejects(chatCompletion(spec, [], { timeoutMs: 500 }), /no answer within 0\.5 s/);
    });
  });

  it("retries once after a short Retry-After on 429 or 5xx, and gives up on a long one", async () => {
    await withStandIn([{ kind: "status", status: 429, retryAfter: 1 }, { kind: "answer", content: "after the wait" }], async (s) => {
      assert.equal(await openAiModel({ kind: "openai", baseUrl: s.baseUrl, model: "m" }).ask([{ role: "user", content: "x" }]), "after the wait");
      assert.equal(s.requests.length, 2);
    });
    await withStandIn([{ kind: "status", status: 503, retryAfter: 600 }], async (s) => {
      await assert.rejects(openAiModel({ kind: "openai", baseUrl: s.baseUrl, model: "m" }).ask([]), /HTTP 503/);
      assert.equal(s.requests.length, 1);
    });
  });

  it("offers the model's code only when it passes the checks; otherwise the deterministic result, said in the notes", async () => {
    const files = parsedFiles(SOURCE);
    const finding = fixmeFinding(files);
    const stage6 = async (script: StandInReply[]) =>
      withStandIn(script, (s) =>
        runImplementationStage(IMPLEMENTATION_STAGES[5]!, { task: { kind: "finding", id: finding.id }, findings: [finding], plans: [], files, checks: workspaceChecks("/nonexistent", false, openAiModel({ kind: "openai", baseUrl: s.baseUrl, model: "tiny-coder" }, { timeoutMs: 20_000 })) }),
      );
    const good = await stage6([{ kind: "answer", content: "Here is the fix:\n```js\n" + FIXED + "```\n" }]);
    assert.equal(good.codeChanges.length, 1);
    assert.equal(good.codeChanges[0]!.code, FIXED);
    assert.match(good.summary, /drafted by the model \(tiny-coder at http:\/\/127\.0\.0\.1:\d+\/v1\) and checked/);
    const dir = await tempDir(SOURCE);
    try {
      execFileSync("git", ["init", "-q"], { cwd: dir });
      execFileSync("git", ["apply", "-"], { cwd: dir, input: good.codeChanges[0]!.diff });
      assert.equal(await fs.readFile(path.join(dir, "src/total.js"), "utf8"), FIXED);
    } finally {
      await removeDir(dir);
    }
    const broken = await stage6([{ kind: "answer", content: "```js\nexport function total(xs {\n  return 0;\n}\n```" }]);
    assert.deepEqual(broken.codeChanges, []);
    assert.ok(broken.notes.some((n) => /^The model's code \(tiny-coder .*\) was discarded: it does not parse/.test(n)), broken.notes.join("\n"));
    const unchanged = await stage6([{ kind: "answer", content: "```js\n// FIXME: still here\n" + FIXED + "```" }]);
    assert.ok(unchanged.notes.some((n) => /was discarded: re-analysis still finds todo-note/.test(n)), unchanged.notes.join("\n"));
    const chatty = await stage6([{ kind: "answer", content: "I would remove the comment." }]);
    assert.ok(chatty.notes.some((n) => /was discarded: the answer holds 0 code blocks, not one/.test(n)));
    const down = await stage6([{ kind: "status", status: 503 }]);
    assert.deepEqual(down.codeChanges, []);
    assert.match(down.summary, /No code offered: The model \(tiny-coder .*\) could not be asked — HTTP 503.*; the deterministic result stands: steps, no code\./);
  });

  it("implement --llm on the CLI asks the stand-in and prints the checked patch", async () => {
    const dir = await tempDir(SOURCE);
    try {
      await withStandIn([{ kind: "answer", content: "```js\n" + FIXED + "```" }], async (s) => {
        const analysis = await runCli(["analyze", dir, "--format", "json"]);
        const id = (JSON.parse(analysis.stdout) as { findings: Finding[] }).findings.find((f) => f.rule === "todo-note")!.id;
        const run = await runCli(["implement", dir, "--finding", id, "--format", "patch", "--llm", `openai:${s.baseUrl}:tiny-coder`]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^-\/\/ FIXME: rounding is wrong for negative totals$/m);
        // Stage 3 asks for approaches (the code block is not one, so they are discarded), stage 6 for the code.
        assert.equal(s.requests.length, 2);
        assert.match(s.requests[0]!.body.messages[0]!.content, /You weigh ways to resolve one code-review finding/);
        assert.match(s.requests[1]!.body.messages[1]!.content, /Finding \(todo-note, line 1\)/);
      });
      const bad = await runCli(["implement", dir, "--finding", "x", "--llm", "openai:tiny-coder"]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--llm must look like openai:<baseUrl>:<model>/);
    } finally {
      await removeDir(dir);
    }
  });
});
