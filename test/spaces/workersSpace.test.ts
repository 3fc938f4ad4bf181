import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { ServerStatus } from "../../server/protocol";
import { ProtocolClient } from "../support/protocolClient";
import { runCli, startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const ROOT = path.resolve(__dirname, "..", "..");
const SPACES = path.join(ROOT, "spaces");
const TOKEN = "space-token-0123456789abcdef";

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, stdio: "ignore" });
}

describe("the workers Space (spaces/)", function () {
  this.timeout(90_000);

  it("declares the port, user and command a Docker Space needs, and the card agrees", async () => {
    const dockerfile = await fs.readFile(path.join(SPACES, "Dockerfile"), "utf8");
    assert.match(dockerfile, /^FROM node:\d+/m);
    assert.match(dockerfile, /^USER node$/m);
    assert.match(dockerfile, /^EXPOSE 7860$/m);
    assert.match(dockerfile, /apt-get install .*\bgit\b/);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    assert.deepEqual(cmd, ["sh", "spaces/entrypoint.sh"]);
    assert.match(dockerfile, /^COPY --chown=node:node spaces\/entrypoint\.sh \.\/spaces\/entrypoint\.sh$/m, "the image holds the entrypoint where CMD runs it");
    const entrypoint = await fs.readFile(path.join(SPACES, "entrypoint.sh"), "utf8");
    assert.match(entrypoint, /^exec node "\$here\/\.\.\/dist\/cli\.js" serve --host 0\.0\.0\.0 --port 7860 --data \/tmp\/autocoder-data "\$@"$/m);
    const card = await fs.readFile(path.join(SPACES, "README.md"), "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(card)![1]!;
    const field = (name: string) => new RegExp(`^${name}: (.+)$`, "m").exec(front)?.[1];
    assert.equal(field("sdk"), "docker");
    assert.equal(field("app_port"), "7860");
    for (const name of ["title", "emoji", "short_description", "startup_duration_timeout"]) assert.ok(field(name), `${name} in the front matter`);
    assert.ok(field("short_description")!.length <= 60, "the Hub caps short_description at 60 characters");
  });

  describe("running the container's command", () => {
    let origin: string;
    let data: string;
    let server: ServerProcess | null = null;
    let client: ProtocolClient | null = null;
    before(async () => {
      origin = await tempDir({ "src/a.ts": "// TODO: first\nexport const a = 1;\n" });
      git(origin, "init", "-q", "-b", "main");
      git(origin, "add", ".");
      git(origin, "commit", "-qm", "first");
      data = await tempDir();
    });
    after(async () => {
      await client?.close();
      await server?.stop("SIGKILL");
      await removeDir(origin);
      await removeDir(data);
    });

    it("clones AUTOCODER_REPO, requires the token, takes its intervals from the Space variables, analyses the clone and follows new commits", async () => {
      const dockerfile = await fs.readFile(path.join(SPACES, "Dockerfile"), "utf8");
      const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
      // The container's own command, run where the image has it (its WORKDIR holds spaces/ and
      // dist/ as the checkout does); only the port (any free one) and the data folder differ.
      // The pull and analysis pace come from the variables deploy-space sets.
      server = await startServerProcess(["--data", data], {
        AUTOCODER_TOKEN: TOKEN,
        AUTOCODER_REPO: `file://${origin}#main`,
        AUTOCODER_INTERVAL_ANALYSIS: "0.2",
        AUTOCODER_INTERVAL_TEST_PLANNING: "45",
        AUTOCODER_INTERVAL_IMPLEMENTATION: "0",
        AUTOCODER_PULL_INTERVAL: "0.5",
      }, { entrypoint: { command: cmd, cwd: ROOT } });
      const local = server.url.replace("0.0.0.0", "127.0.0.1");
      assert.match(server.url, /^http:\/\/0\.0\.0\.0:/, "it listens on every interface, as a Space must");
      assert.equal((await fetch(`${local}/healthz`)).status, 200);
      assert.equal((await fetch(`${local}/api/status`)).status, 401, "no token, no data");
      const status = (await (await fetch(`${local}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as ServerStatus;
      assert.notEqual(status.workspace, origin, "the server works on its own clone");
      assert.deepEqual(
        Object.fromEntries(status.workers.map((w) => [w.worker, w.interval_s])),
        { analysis: 0.2, "test-planning": 45, implementation: 0 },
      );
      assert.match(server.stderr(), /^AUTOCODER_INTERVAL_TEST_PLANNING=45: --interval-test-planning 45$/m, "the log ties each flag to its variable");

      client = await ProtocolClient.connect(local, { authorization: `Bearer ${TOKEN}` });
      await client.request({ type: "subscribe" });
      await client.waitForFindings((m) => m.findings.some((f) => f.rule === "todo-note" && f.file === "src/a.ts"), 30_000);

      await fs.writeFile(path.join(origin, "src/b.ts"), "// FIXME: second\nexport const b = 2;\n");
      git(origin, "add", ".");
      git(origin, "commit", "-qm", "second");
      await client.waitForFindings((m) => m.findings.some((f) => f.rule === "todo-note" && f.file === "src/b.ts"), 30_000);
      assert.match(server.stderr(), /pulled file:\/\/.*: now at [0-9a-f]{12}/);
    });

    it("says which variable holds an interval serve cannot use", async () => {
      const bad = await startServerProcess(["--data", data], { AUTOCODER_TOKEN: TOKEN, AUTOCODER_REPO: `file://${origin}#main`, AUTOCODER_INTERVAL_ANALYSIS: "soon" }, { entrypoint: { command: ["sh", "spaces/entrypoint.sh"], cwd: ROOT } }).then(
        async (started) => {
          await started.stop("SIGKILL");
          assert.fail("the server started with a bad interval");
        },
        (err: Error) => err.message,
      );
      assert.match(bad, /AUTOCODER_INTERVAL_ANALYSIS=soon: --interval-analysis soon/);
      assert.match(bad, /--interval-analysis must be a number ≥ 0, got "soon"/);
    });

    it("says what is wrong with a repository it cannot use", async () => {
      const bad = await runCli(["serve", "--repo", "ext::sh -c touch% /tmp/pwned", "--port", "0"]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not a git URL this server clones/);
      const missing = await runCli(["serve", "--repo", `file://${data}/no-such-repo`, "--port", "0"]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^autocoder serve: cannot clone file:\/\/.*no-such-repo: git clone failed: /m);
    });
  });
});
