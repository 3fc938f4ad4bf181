import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ProtocolClient } from "../support/protocolClient";
import { runCli, startServerProcess, type ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";

const SPACES = path.resolve(__dirname, "..", "..", "spaces");
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
    assert.deepEqual(cmd.slice(0, 3), ["node", "dist/cli.js", "serve"]);
    assert.deepEqual(cmd.slice(cmd.indexOf("--host"), cmd.indexOf("--host") + 2), ["--host", "0.0.0.0"]);
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

    it("clones AUTOCODER_REPO, requires the token, analyses the clone and follows new commits", async () => {
      const dockerfile = await fs.readFile(path.join(SPACES, "Dockerfile"), "utf8");
      const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
      const args = cmd.slice(3).map((a) => (a === "/tmp/autocoder-data" ? data : a));
      // The container's own command; only the port (any free one), the pull and analysis pace differ.
      server = await startServerProcess([...args, "--port", "0", "--pull-interval", "0.5", "--interval-analysis", "0.2"], { AUTOCODER_TOKEN: TOKEN, AUTOCODER_REPO: `file://${origin}#main` });
      const local = server.url.replace("0.0.0.0", "127.0.0.1");
      assert.equal((await fetch(`${local}/healthz`)).status, 200);
      assert.equal((await fetch(`${local}/api/status`)).status, 401, "no token, no data");
      const status = (await (await fetch(`${local}/api/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { workspace: string };
      assert.notEqual(status.workspace, origin, "the server works on its own clone");

      client = await ProtocolClient.connect(local, { authorization: `Bearer ${TOKEN}` });
      await client.request({ type: "subscribe" });
      await client.waitFor("findings", (m) => m.findings.some((f) => f.rule === "todo-note" && f.file === "src/a.ts"), 30_000);

      await fs.writeFile(path.join(origin, "src/b.ts"), "// FIXME: second\nexport const b = 2;\n");
      git(origin, "add", ".");
      git(origin, "commit", "-qm", "second");
      await client.waitFor("findings", (m) => m.findings.some((f) => f.rule === "todo-note" && f.file === "src/b.ts"), 30_000);
      assert.match(server.stderr(), /pulled file:\/\/.*: now at [0-9a-f]{12}/);
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
