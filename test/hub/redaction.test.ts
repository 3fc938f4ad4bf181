import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WORKER_IDS } from "../../server/protocol";
import { FAKE } from "../support/fakeSecrets";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import type { ServerProcess } from "../support/serverProcess";
import { removeDir, tempDir } from "../support/tempDir";
import { drained, hubRows, startPublishingServer, stopWorkers, waitUntil } from "./support";

// Secrets planted where each worker picks them up: the security perspective reports them,
// test planning copies literals into signatures and case inputs, a TODO note names one.
const PLANTED = { entropy: FAKE.entropy, stripe: FAKE.stripe, hf: FAKE.hf, github: FAKE.github, aws: FAKE.aws, slack: FAKE.slack };
const FIXTURE = {
  "src/client.ts": [
    `const apiKey = "${FAKE.entropy}";`,
    "export function authorize(token: string) {",
    `  if (token === "${FAKE.stripe}") throw new Error("revoked key");`,
    "  return token.length > 3;",
    "}",
    `export function connect(url: string, key = "${FAKE.hf}") {`,
    '  if (!url) throw new TypeError("url required");',
    "  return fetch(url, { headers: { authorization: key + apiKey } });",
    "}",
    `// TODO: rotate ${FAKE.github}`,
  ].join("\n") + "\n",
  ".env": `AWS_KEY=${FAKE.aws}\nSLACK_TOKEN=${FAKE.slack}\n`,
  "package.json": JSON.stringify({ name: "fixture", version: "1.0.0" }),
};

describe("no secret reaches the Hub (real server against the Hub stand-in)", function () {
  this.timeout(180_000);
  const token = standInToken();
  let hub: HubStandIn;
  let workspace: string;
  let data: string;
  let server: ServerProcess | null = null;

  before(async () => {
    hub = await startHubStandIn({ tokens: { [token]: "carol" } });
    workspace = await tempDir(FIXTURE);
    data = await tempDir();
  });
  after(async () => {
    await server?.stop("SIGKILL");
    await hub.close();
    await removeDir(workspace);
    await removeDir(data);
  });

  it("publishes every step of every worker with no planted secret value in any request body", async () => {
    server = await startPublishingServer(workspace, data, hub, token, "carol");
    await waitUntil("a full round of each worker is on the Hub", () =>
      hubRows(hub, "carol", "analysis").length >= 6 && hubRows(hub, "carol", "test-planning").length >= 15 && hubRows(hub, "carol", "implementation").length >= 6,
    120_000);
    await stopWorkers(server);
    await waitUntil("the outbox is drained", () => drained(server!));

    // The test bites: unredacted, some of these would have been sent (test plans copy literals).
    const local = (await Promise.all(WORKER_IDS.map((w) => fs.readFile(path.join(data, `${w}.jsonl`), "utf8")))).join("\n");
    const inLocal = Object.entries(PLANTED).filter(([, v]) => local.includes(v)).map(([k]) => k);
    assert.ok(inLocal.length > 0, "the local records hold planted values that only redaction keeps from the Hub");

    const sent = hub.everythingSent();
    assert.ok(sent.length > 10_000, "the stand-in saw the datasets' contents");
    for (const [kind, value] of Object.entries(PLANTED)) {
      assert.ok(!sent.includes(value), `the ${kind} secret was sent to the Hub`);
      for (let i = 0; i + 10 <= value.length; i += 5) {
        assert.ok(!sent.toLowerCase().includes(value.slice(i, i + 10).toLowerCase()), `a fragment of the ${kind} secret was sent`);
      }
    }
    const outboxText = (await Promise.all(WORKER_IDS.map((w) => fs.readFile(path.join(data, "hub-outbox", `${w}.jsonl`), "utf8").catch(() => "")))).join("\n");
    for (const value of Object.values(PLANTED)) assert.ok(!outboxText.includes(value));
    // What was found still arrives, redacted: the security perspective's finding names the kind.
    const security = hubRows(hub, "carol", "analysis").find((r) => r.perspective_id === "security")!;
    assert.ok(String(security.findings_json).includes(`${FAKE.hf.slice(0, 4)}…(${FAKE.hf.length} chars)`), "the Hugging Face token is reported redacted");
  });
});
