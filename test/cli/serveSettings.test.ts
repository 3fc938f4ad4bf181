import { strict as assert } from "node:assert";
import * as path from "node:path";
import { serveSettings } from "../../server/cli/serveCommand";
import { UsageError } from "../../server/cli/usageError";
import { removeDir, tempDir } from "../support/tempDir";

describe("serve settings", () => {
  let dir: string;
  before(async () => (dir = await tempDir({ "a.ts": "export const a = 1;\n" })));
  after(() => removeDir(dir));

  it("defaults to loopback, port 7860, data inside the workspace and the issue's intervals", () => {
    const s = serveSettings(["--workspace", dir], {});
    assert.equal(s.host, "127.0.0.1");
    assert.equal(s.port, 7860);
    assert.equal(s.dataDir, path.join(dir, ".autocoder"));
    assert.equal(s.token, null);
    assert.equal(s.autostart, true);
    assert.deepEqual(s.intervalsMs, { analysis: 60_000, "test-planning": 60_000, implementation: 120_000 });
    assert.equal(s.allowExecute, false);
  });

  it("takes every option", () => {
    const s = serveSettings(
      ["--workspace", dir, "--host", "0.0.0.0", "--port", "0", "--data", "/tmp/x", "--token", "t".repeat(32),
        "--no-autostart", "--interval-analysis", "0", "--interval-test-planning", "1.5", "--interval-implementation", "9",
        "--max-file-bytes", "2048", "--max-load", "0", "--allow-execute"],
      {},
    );
    assert.equal(s.port, 0);
    assert.equal(s.host, "0.0.0.0");
    assert.equal(s.dataDir, "/tmp/x");
    assert.equal(s.autostart, false);
    assert.deepEqual(s.intervalsMs, { analysis: 0, "test-planning": 1500, implementation: 9000 });
    assert.equal(s.maxFileBytes, 2048);
    assert.equal(s.maxLoad, 0);
    assert.equal(s.allowExecute, true);
  });

  it("runs no workspace code on a --repo checkout unless --allow-execute is given", () => {
    assert.equal(serveSettings(["--repo", "https://example.org/a/b.git"], {}).allowExecute, false);
    assert.equal(serveSettings([], { AUTOCODER_REPO: "https://example.org/a/b.git" }).allowExecute, false);
    assert.equal(serveSettings(["--repo", "https://example.org/a/b.git", "--allow-execute"], {}).allowExecute, true);
  });

  it("takes an optional model, and refuses one it cannot use", () => {
    assert.equal(serveSettings(["--workspace", dir], {}).llm, null);
    assert.deepEqual(serveSettings(["--workspace", dir, "--llm", "openai:http://127.0.0.1:11434/v1:qwen2.5-coder:1.5b"], {}).llm, { kind: "openai", baseUrl: "http://127.0.0.1:11434/v1", model: "qwen2.5-coder:1.5b" });
    assert.throws(() => serveSettings(["--workspace", dir, "--llm", "qwen"], {}), /--llm must look like openai:<baseUrl>:<model>/);
    assert.deepEqual(serveSettings(["--workspace", dir, "--llm", "hf:Qwen/Qwen2.5-Coder-7B-Instruct"], { HF_TOKEN: "hf_" + "x".repeat(30) }).llm, { kind: "hf", model: "Qwen/Qwen2.5-Coder-7B-Instruct" });
    // Refused before the server starts, not found out at the first finding that asks the model.
    assert.throws(() => serveSettings(["--workspace", dir, "--llm", "hf:Qwen/Qwen2.5-Coder-7B-Instruct"], {}), (err: Error) => err instanceof UsageError && /needs a Hugging Face token in HF_TOKEN/.test(err.message));
  });

  it("reads the token from AUTOCODER_TOKEN", () => {
    assert.equal(serveSettings(["--workspace", dir], { AUTOCODER_TOKEN: "e".repeat(20) }).token, "e".repeat(20));
  });

  const usage = (args: string[], pattern: RegExp) => () =>
    assert.throws(() => serveSettings(args, {}), (err: Error) => err instanceof UsageError && pattern.test(err.message));

  it("refuses a non-loopback host without a token, saying how to set one", usage(["--workspace", ".", "--host", "0.0.0.0"], /without a token.*--token or AUTOCODER_TOKEN/));
  it("refuses a short token", usage(["--workspace", ".", "--token", "abc"], /at least 16 characters/));
  it("refuses a bad port", usage(["--workspace", ".", "--port", "70000"], /--port must be an integer from 0 to 65535/));
  it("refuses a negative interval", usage(["--workspace", ".", "--interval-analysis=-1"], /--interval-analysis must be a number ≥ 0/));
  it("refuses an unknown option", usage(["--wrokspace", "."], /Unknown option '--wrokspace'/));
  it("refuses a missing workspace", usage(["--workspace", "/no/such/folder/here"], /does not exist/));

  describe("Hub publishing", () => {
    const token = "hf_" + "x".repeat(30);
    it("is off by default, and HF_TOKEN alone turns nothing on", () => {
      assert.equal(serveSettings(["--workspace", dir], {}).hub, null);
      assert.equal(serveSettings(["--workspace", dir], { HF_TOKEN: token }).hub, null);
    });
    it("is on with a token and a namespace: private datasets, ten-minute commits, the public Hub unless HF_ENDPOINT", () => {
      const hub = serveSettings(["--workspace", dir, "--hf-namespace", "alice"], { HF_TOKEN: token })!.hub!;
      assert.deepEqual(hub, {
        hubUrl: "https://huggingface.co",
        token,
        namespace: "alice",
        datasetPrefix: "autocoder",
        visibility: "private",
        commitIntervalMs: 600_000,
        retryBaseMs: 5_000,
      });
      const other = serveSettings(
        ["--workspace", dir, "--hf-token", token, "--hf-dataset-prefix", "mine", "--hf-public", "--hf-commit-interval", "30"],
        { AUTOCODER_HF_NAMESPACE: "org", HF_ENDPOINT: "http://127.0.0.1:9/" },
      ).hub!;
      assert.equal(other.hubUrl, "http://127.0.0.1:9");
      assert.equal(other.namespace, "org");
      assert.equal(other.datasetPrefix, "mine");
      assert.equal(other.visibility, "public");
      assert.equal(other.commitIntervalMs, 30_000);
    });
    const hubUsage = (args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) => () =>
      assert.throws(() => serveSettings(["--workspace", dir, ...args], env), (err: Error) => err instanceof UsageError && pattern.test(err.message));
    it("refuses a namespace without a token", hubUsage(["--hf-namespace", "alice"], {}, /needs a token with write access: set HF_TOKEN or --hf-token/));
    it("refuses --hf-token without a namespace", hubUsage(["--hf-token", token], {}, /--hf-token needs --hf-namespace/));
    it("refuses a token the client would refuse", hubUsage(["--hf-namespace", "alice"], { HF_TOKEN: "abc" }, /must start with hf_/));
    it("refuses a namespace that is not a name", hubUsage(["--hf-namespace", "a/b"], { HF_TOKEN: token }, /must be a user or organisation name/));
    it("refuses an HF_ENDPOINT that is not a URL", hubUsage(["--hf-namespace", "alice"], { HF_TOKEN: token, HF_ENDPOINT: "hub.local" }, /HF_ENDPOINT must be an http\(s\) URL/));
  });
});
