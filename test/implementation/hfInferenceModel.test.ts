import { strict as assert } from "node:assert";
import { DEFAULT_ANALYSIS_CONFIG, PERSPECTIVE_RULES } from "../../server/analysis";
import { runRules } from "../../server/analysis/runRules";
import { hfInferenceModel, modelFromSpec, parseModelSpec, runImplementationStage, workspaceChecks } from "../../server/implementation";
import type { HfModelOptions } from "../../server/implementation/model/hfInferenceModel";
import { IMPLEMENTATION_STAGES, type Finding } from "../../server/protocol";
import { parsedFiles } from "../planning/planTester";
import { startHfInferenceStandIn, type HfStandInReply } from "../support/hfInferenceStandIn";
import { ProtocolClient } from "../support/protocolClient";
import { runCli, startServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

// Made up for the stand-in; shaped like a Hugging Face token, as the library treats `hf_…` ones.
const TOKEN = "hf_" + "standInToken0123456789abcdefghij";
const MODEL = "Qwen/Qwen2.5-Coder-7B-Instruct";
const SOURCE = { "src/total.js": "// FIXME: rounding is wrong for negative totals\nexport function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n" };
const FIXED = "export function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n";

type StandIn = Awaited<ReturnType<typeof startHfInferenceStandIn>>;

async function withStandIn<T>(script: HfStandInReply[], run: (standIn: StandIn) => Promise<T>, token = TOKEN): Promise<T> {
  const standIn = await startHfInferenceStandIn({ token, script });
  try {
    return await run(standIn);
  } finally {
    await standIn.close();
  }
}

const client = (s: StandIn, options: Partial<HfModelOptions> = {}) => hfInferenceModel({ kind: "hf", model: MODEL }, { accessToken: TOKEN, endpointUrl: s.endpointUrl, backoffMs: 50, ...options });
const ask = (s: StandIn, options: Partial<HfModelOptions> = {}) => client(s, options).ask([{ role: "user", content: "hi" }]);

function fixmeFinding(): { files: ReturnType<typeof parsedFiles>; finding: Finding } {
  const files = parsedFiles(SOURCE);
  const rules = Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules ?? []);
  return { files, finding: runRules(rules, files, DEFAULT_ANALYSIS_CONFIG).findings.find((f) => f.rule === "todo-note")! };
}

describe("optional model: --llm hf:<model> through @huggingface/inference (against a loopback stand-in)", function () {
  this.timeout(120_000);

  it("reads hf:<model>[:<provider>], and needs HF_TOKEN", () => {
    assert.deepEqual(parseModelSpec(`hf:${MODEL}`), { kind: "hf", model: MODEL });
    assert.deepEqual(parseModelSpec("hf:bigcode/starcoder2-3b:fastest"), { kind: "hf", model: "bigcode/starcoder2-3b:fastest" });
    assert.throws(() => parseModelSpec("hf:starcoder"), /needs a Hub model id such as hf:Qwen/);
    assert.throws(() => parseModelSpec("hf:a/b c"), /needs a Hub model id/);
    assert.throws(() => modelFromSpec({ kind: "hf", model: MODEL }, {}), /needs a Hugging Face token in HF_TOKEN/);
    assert.throws(() => modelFromSpec({ kind: "hf", model: MODEL }, { HF_TOKEN: "  " }), /HF_TOKEN/);
    assert.equal(modelFromSpec({ kind: "hf", model: MODEL }, { HF_TOKEN: TOKEN }).name, `${MODEL} on Hugging Face Inference Providers`);
    assert.equal(modelFromSpec({ kind: "hf", model: MODEL }, { HF_TOKEN: TOKEN, HF_INFERENCE_ENDPOINT: "http://127.0.0.1:9/v1" }).name, `${MODEL} on http://127.0.0.1:9/v1`);
  });

  it("streams one chat completion: the library's request (route, bearer token, body) and its reading of the events", async () => {
    await withStandIn([{ kind: "answer", content: "Hello, streamed\nworld — ünïcode" }], async (s) => {
      assert.equal(await ask(s), "Hello, streamed\nworld — ünïcode");
      assert.equal(s.requests.length, 1);
      const [request] = s.requests;
      assert.equal(request!.url, "/v1/chat/completions");
      assert.equal(request!.headers.authorization, `Bearer ${TOKEN}`);
      assert.match(String(request!.headers["user-agent"]), /^@huggingface\/inference\/4\./);
      assert.equal(request!.body.model, MODEL);
      assert.equal(request!.body.stream, true);
      assert.equal(request!.body.temperature, 0);
      assert.deepEqual(request!.body.messages, [{ role: "user", content: "hi" }]);
    });
  });

  it("a refused token fails at once, naming HF_TOKEN; nothing is retried", async () => {
    await withStandIn(
      [{ kind: "answer", content: "never sent" }],
      async (s) => {
        await assert.rejects(ask(s), (e: Error & { status: number | null }) => e.status === 401 && /^HTTP 401: .*Invalid credentials.*HF_TOKEN was refused/.test(e.message));
        assert.equal(s.requests.length, 1);
      },
      "hf_someoneElsesToken",
    );
  });

  it("backs off on 429 and 5xx, honouring Retry-After, then answers", async () => {
    await withStandIn([{ kind: "status", status: 429, retryAfter: "1" }, { kind: "answer", content: "after the wait" }], async (s) => {
      const started = performance.now();
      assert.equal(await ask(s), "after the wait");
      assert.equal(s.requests.length, 2);
      assert.ok(performance.now() - started >= 950, "waited the second Retry-After asked for");
    });
    const date = new Date(Date.now() + 2_000).toUTCString();
    await withStandIn([{ kind: "status", status: 503, retryAfter: date }, { kind: "status", status: 500 }, { kind: "answer", content: "third time" }], async (s) => {
      assert.equal(await ask(s), "third time");
      assert.equal(s.requests.length, 3);
    });
  });

  it("stops after a bounded number of calls while the service answers 503 (the library alone would retry forever)", async () => {
    await withStandIn([{ kind: "status", status: 503 }], async (s) => {
      await assert.rejects(ask(s, { maxAttempts: 3 }), /^Error: HTTP 503: .*model is loading.* \(3 attempts\)$|HTTP 503: .*\(3 attempts\)/);
      assert.equal(s.requests.length, 3);
    });
    await withStandIn([{ kind: "status", status: 429, retryAfter: "600" }], async (s) => {
      await assert.rejects(ask(s), /HTTP 429: .*rate limit.*; the service asked to wait 600 s, longer than 30 s/);
      assert.equal(s.requests.length, 1);
    });
  });

  it("a stream that is malformed, reports an error, breaks off, never finishes or never comes is a failure, not an answer", async () => {
    const fails = async (reply: HfStandInReply, pattern: RegExp, options: Partial<HfModelOptions> = {}) =>
      withStandIn([reply, { kind: "answer", content: "not asked for" }], async (s) => {
        await assert.rejects(ask(s, options), pattern);
        assert.equal(s.requests.length, 1, `${reply.kind}: not retried`);
      });
    await fails({ kind: "malformed" }, /the stream is not well-formed/);
    await fails({ kind: "stream-error", message: "generation failed on the provider" }, /the service reported an error in the stream: .*generation failed on the provider/);
    await fails({ kind: "cut" }, /the call failed: terminated|the stream ended before the answer was finished/);
    await fails({ kind: "unfinished" }, /the stream ended before the answer was finished/);
    await fails({ kind: "hang" }, /no whole answer within 0\.5 s/, { timeoutMs: 500 });
  });

  it("stage 6 offers the model's code only when it passes the checks, and falls back to the deterministic result, saying why", async () => {
    const { files, finding } = fixmeFinding();
    const stage6 = (script: HfStandInReply[]) =>
      withStandIn(script, (s) =>
        runImplementationStage(IMPLEMENTATION_STAGES[5]!, { task: { kind: "finding", id: finding.id }, findings: [finding], plans: [], files, checks: workspaceChecks("/nonexistent", false, client(s, { maxAttempts: 2 })) }),
      );
    const good = await stage6([{ kind: "answer", content: "```js\n" + FIXED + "```" }]);
    assert.equal(good.codeChanges.length, 1);
    assert.equal(good.codeChanges[0]!.code, FIXED);
    assert.match(good.summary, new RegExp(`drafted by the model \\(${MODEL.replace(/[./]/g, "\\$&")} on http://127\\.0\\.0\\.1:\\d+/v1\\) and checked`));
    const down = await stage6([{ kind: "status", status: 503 }]);
    assert.deepEqual(down.codeChanges, []);
    assert.match(down.summary, /No code offered: The model \(.*\) could not be asked — HTTP 503: .*\(2 attempts\); the deterministic result stands: steps, no code\./);
    const broken = await stage6([{ kind: "malformed" }]);
    assert.deepEqual(broken.codeChanges, []);
    assert.ok(broken.notes.some((n) => /could not be asked — the stream is not well-formed/.test(n)), broken.notes.join("\n"));
  });

  it("implement --llm hf: on the CLI asks the endpoint in HF_INFERENCE_ENDPOINT with HF_TOKEN, and refuses without a token", async () => {
    const dir = await tempDir(SOURCE);
    try {
      const analysis = await runCli(["analyze", dir, "--format", "json"]);
      const id = (JSON.parse(analysis.stdout) as { findings: Finding[] }).findings.find((f) => f.rule === "todo-note")!.id;
      const approaches = { approaches: [{ name: "delete the stale note", pros: "the sum is right", cons: "loses the reminder" }, { name: "round the sum", pros: "answers the note", cons: "nothing says how" }], chosen: 0, reason: "the sum has no rounding to fix" };
      await withStandIn([{ kind: "answer", content: "```json\n" + JSON.stringify(approaches) + "\n```" }, { kind: "answer", content: "```js\n" + FIXED + "```" }], async (s) => {
        const json = await runCli(["implement", dir, "--finding", id, "--llm", `hf:${MODEL}`], { HF_TOKEN: TOKEN, HF_INFERENCE_ENDPOINT: s.endpointUrl });
        assert.equal(json.code, 0, json.stderr);
        const stages = (JSON.parse(json.stdout) as { stages: { summary: string; code_changes: { code: string }[] }[] }).stages;
        assert.match(stages[2]!.summary, /Chose "delete the stale note" of 2 approaches \(drafted by the model, Qwen\/Qwen2\.5-Coder-7B-Instruct on http:\/\/127\.0\.0\.1:\d+\/v1\)/);
        assert.equal(stages[5]!.code_changes[0]!.code, FIXED);
        assert.equal(s.requests.length, 2, "one call for the approaches, one for the code");
        const patch = await runCli(["implement", dir, "--finding", id, "--format", "patch", "--llm", `hf:${MODEL}`], { HF_TOKEN: TOKEN, HF_INFERENCE_ENDPOINT: s.endpointUrl });
        assert.equal(patch.code, 0, patch.stderr);
        assert.match(patch.stdout, /^-\/\/ FIXME: rounding is wrong for negative totals$/m);
        assert.ok(s.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}` && r.body.model === MODEL));
      });
      const refused = await runCli(["implement", dir, "--finding", id, "--llm", `hf:${MODEL}`], { HF_TOKEN: "" });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /--llm hf:Qwen\/Qwen2\.5-Coder-7B-Instruct needs a Hugging Face token in HF_TOKEN/);
    } finally {
      await removeDir(dir);
    }
  });

  it("serve --llm hf: builds the client on the analysis thread, where the stages run, and a request gets the model's approaches and code", async () => {
    const dir = await tempDir(SOURCE);
    const data = await tempDir();
    const approaches = { approaches: [{ name: "delete the stale note", pros: "the sum is right", cons: "loses the reminder" }, { name: "round the sum", pros: "answers the note", cons: "nothing says how" }], chosen: 0, reason: "the sum has no rounding to fix" };
    try {
      await withStandIn([{ kind: "answer", content: "```json\n" + JSON.stringify(approaches) + "\n```" }, { kind: "answer", content: "```js\n" + FIXED + "```" }], async (s) => {
        const server = await startServerProcess(["--workspace", dir, "--data", data, "--interval-analysis", "0.05", "--interval-test-planning", "3600", "--interval-implementation", "3600", "--llm", `hf:${MODEL}`], { HF_TOKEN: TOKEN, HF_INFERENCE_ENDPOINT: s.endpointUrl });
        const client = await ProtocolClient.connect(server.url);
        try {
          const analysis = await runCli(["analyze", dir, "--format", "json"]);
          const id = (JSON.parse(analysis.stdout) as { findings: Finding[] }).findings.find((f) => f.rule === "todo-note")!.id;
          let records;
          for (let attempt = 0; attempt < 120 && !records; attempt++) {
            const reply = await client.request({ type: "implementation.request", findingId: id });
            if (reply.type === "implementation") records = reply.records;
            else await new Promise((r) => setTimeout(r, 500));
          }
          assert.ok(records, "the finding was analysed");
          assert.match(records[2]!.summary, /Chose "delete the stale note" of 2 approaches \(drafted by the model, /);
          assert.equal(records[5]!.analysis.code_changes[0]!.code, FIXED);
          assert.equal(s.requests.length, 2);
        } finally {
          await client.close();
          await server.stop("SIGTERM");
        }
      });
    } finally {
      await removeDir(dir);
      await removeDir(data);
    }
  });
});
