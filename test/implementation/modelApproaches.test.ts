import { strict as assert } from "node:assert";
import { DEFAULT_ANALYSIS_CONFIG, PERSPECTIVE_RULES } from "../../server/analysis";
import { runRules } from "../../server/analysis/runRules";
import { hfInferenceModel, openAiModel, runImplementationStage, workspaceChecks, type ModelClient } from "../../server/implementation";
import { mergePlans } from "../../server/planning";
import { IMPLEMENTATION_STAGES, type Finding, type TestPlan } from "../../server/protocol";
import { loadPythonParser, type ParsedFile } from "../../server/workspace";
import { parsedFiles, planWith } from "../planning/planTester";
import { startHfInferenceStandIn } from "../support/hfInferenceStandIn";
import { startOpenAiStandIn } from "../support/openAiStandIn";

const TOKEN = "hf_" + "standInToken0123456789abcdefghij";
const SOURCE = {
  "src/total.js": "// FIXME: rounding is wrong for negative totals\nexport function total(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n",
  "app/config.py": "import yaml\n\ndef read(path):\n    with open(path) as f:\n        return yaml.load(f)\n",
};
const APPROACH_STAGE = IMPLEMENTATION_STAGES[2]!;

const fenced = (value: unknown) => "Here is my evaluation:\n```json\n" + JSON.stringify(value, null, 2) + "\n```\n";
const GOOD = {
  approaches: [
    { name: "round each line before summing", pros: "matches how invoices show totals", cons: "changes totals by a cent in places; callers' tests move" },
    { name: "round once at the end with Math.round(total * 100) / 100", pros: "one line, no change for positive totals", cons: "negative totals still round toward +∞" },
    { name: "remove the note: nothing is rounded here", pros: "no behaviour change", cons: "the question in the note stays open" },
  ],
  chosen: 1,
  reason: "the smallest change that fixes negative totals without moving positive ones",
};

/** A server speaking one of the two contracts, scripted with the model's answers, and a client for it. */
interface Endpoint {
  label: string;
  start(answers: { content?: string; status?: 503 }[]): Promise<{ model: ModelClient; requests: () => { messages: { role: string; content: string }[] }[]; close: () => Promise<void> }>;
}

const ENDPOINTS: Endpoint[] = [
  {
    label: "OpenAI-compatible stand-in, --llm openai:",
    async start(answers) {
      const s = await startOpenAiStandIn(answers.map((a) => (a.status ? { kind: "status" as const, status: a.status } : { kind: "answer" as const, content: a.content! })));
      return { model: openAiModel({ kind: "openai", baseUrl: s.baseUrl, model: "tiny-coder" }), requests: () => s.requests.map((r) => r.body), close: s.close };
    },
  },
  {
    label: "Inference Providers stand-in, --llm hf: through @huggingface/inference",
    async start(answers) {
      const s = await startHfInferenceStandIn({ token: TOKEN, script: answers.map((a) => (a.status ? { kind: "status" as const, status: a.status } : { kind: "answer" as const, content: a.content! })) });
      const model = hfInferenceModel({ kind: "hf", model: "Qwen/Qwen2.5-Coder-7B-Instruct" }, { accessToken: TOKEN, endpointUrl: s.endpointUrl, backoffMs: 20, maxAttempts: 2 });
      return { model, requests: () => s.requests.map((r) => ({ messages: r.body.messages ?? [] })), close: s.close };
    },
  },
];

describe("optional model: stage 3 takes the model's approaches when they hold up", function () {
  this.timeout(60_000);
  let files: ParsedFile[];
  let findings: Finding[];
  let plans: TestPlan[];
  before(async () => {
    await loadPythonParser();
    files = parsedFiles(SOURCE);
    const rules = Object.values(PERSPECTIVE_RULES).flatMap((p) => p?.rules ?? []);
    findings = runRules(rules, files, DEFAULT_ANALYSIS_CONFIG).findings;
    plans = mergePlans(["what-are-we-testing", "failure-modes"].map((p) => planWith(p, files).plans));
  });
  const fixme = () => findings.find((f) => f.rule === "todo-note" && f.file === "src/total.js")!;

  for (const endpoint of ENDPOINTS) {
    describe(endpoint.label, () => {
      async function stage3(answers: { content?: string; status?: 503 }[], task: { kind: "finding" | "plan"; id: string } = { kind: "finding", id: fixme().id }) {
        const e = await endpoint.start(answers);
        try {
          const result = await runImplementationStage(APPROACH_STAGE, { task, findings, plans, files, checks: workspaceChecks("/nonexistent", false, e.model) });
          return { result, requests: e.requests(), name: e.model.name };
        } finally {
          await e.close();
        }
      }

      it("parses the model's approaches into the stage's structure: each with for and against, the chosen one marked, the reason", async () => {
        const { result, requests, name } = await stage3([{ content: fenced(GOOD) }]);
        assert.equal(requests.length, 1);
        assert.match(requests[0]!.messages[1]!.content, /Finding \(todo-note, line 1\): /);
        assert.match(requests[0]!.messages[1]!.content, /^1: \/\/ FIXME: rounding is wrong for negative totals$/m, "the code around the finding, numbered");
        assert.equal(result.summary, `Approach Evaluation: Chose "round once at the end with Math.round(total * 100) / 100" of 3 approaches (drafted by the model, ${name}).`);
        assert.deepEqual(result.notes.slice(0, 4), [
          "· round each line before summing — for: matches how invoices show totals; against: changes totals by a cent in places; callers' tests move.",
          "✓ round once at the end with Math.round(total * 100) / 100 — for: one line, no change for positive totals; against: negative totals still round toward +∞.",
          "· remove the note: nothing is rounded here — for: no behaviour change; against: the question in the note stays open.",
          "Why: the smallest change that fixes negative totals without moving positive ones.",
        ]);
        assert.match(result.notes[4]!, /^The model \(.*\) drafted these approaches/);
      });

      it("discards approaches that do not hold up, saying why, and keeps the deterministic ones", async () => {
        const discarded = async (content: string, why: RegExp) => {
          const { result } = await stage3([{ content }]);
          assert.match(result.summary, /^Approach Evaluation: Chose "refactor by hand following the suggestion" of 3 approaches\.$/, content);
          const note = result.notes.find((n) => /^The model's approaches \(.*\) were discarded: /.test(n));
          assert.ok(note && why.test(note), `${why} in ${result.notes.join(" | ")}`);
          assert.ok(note.endsWith("the deterministic approaches stand."));
        };
        await discarded(fenced({ ...GOOD, approaches: GOOD.approaches.slice(0, 1), chosen: 0 }), /approaches: fewer than two approaches/);
        await discarded(fenced({ ...GOOD, chosen: 3 }), /the chosen approach \(3\) is not one of the 3 given/);
        await discarded(fenced({ ...GOOD, reason: " " }), /reason: no reason for the choice/);
        await discarded(fenced({ ...GOOD, approaches: [GOOD.approaches[0], { ...GOOD.approaches[0], name: "Round each line before summing" }], chosen: 0 }), /two approaches have the same name/);
        await discarded(fenced({ ...GOOD, approaches: [{ name: "x y z", pros: "p" }, GOOD.approaches[1]] }), /approaches\.0\.cons/);
        await discarded("I would round at the end.", /the answer holds 0 code blocks, not one JSON object/);
        await discarded("```json\n{ approaches: [] }\n```", /the answer is not JSON/);
      });

      it("a model that cannot be asked leaves the deterministic approaches, said in the notes", async () => {
        const { result } = await stage3([{ status: 503 }]);
        assert.match(result.summary, /Chose "refactor by hand following the suggestion" of 3 approaches\.$/);
        assert.ok(result.notes.some((n) => /^The model \(.*\) could not be asked — HTTP 503.*; the deterministic approaches stand\.$/.test(n)), result.notes.join("\n"));
      });

      it("is not asked where the deterministic choice decides what stage 6 does: a mechanical fix, a test plan", async () => {
        const yaml = findings.find((f) => f.file === "app/config.py" && f.rule === "unsafe-deserialization")!;
        const fix = await stage3([{ content: fenced(GOOD) }], { kind: "finding", id: yaml.id });
        assert.equal(fix.requests.length, 0);
        assert.match(fix.result.summary, /Chose "mechanical fix: /);
        const plan = await stage3([{ content: fenced(GOOD) }], { kind: "plan", id: plans.find((p) => p.unit.name === "total")!.id });
        assert.equal(plan.requests.length, 0);
        assert.match(plan.result.summary, /Chose "tests from the plan, asserting what the code states"/);
      });
    });
  }
});
