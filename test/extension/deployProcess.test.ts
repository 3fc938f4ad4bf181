import { strict as assert } from "node:assert";
import { describeSteps, runDeploy, type DeployRequest } from "../../extension/deployProcess";
import type { DeployProgressEvent } from "../../server/protocol";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";
import { CLI } from "../support/serverProcess";

describe("extension: deploying through the bundled CLI (--progress json, Hub stand-in)", function () {
  this.timeout(120_000);
  const token = standInToken();
  let hub: HubStandIn;
  const request = (over: Partial<DeployRequest>): DeployRequest => ({
    cliPath: CLI,
    command: "deploy-dashboard",
    args: [],
    hfToken: token,
    hfEndpoint: hub.url,
    log: () => {},
    ...over,
  });

  // No runSpace: a Docker Space stays BUILDING, so a workers deploy waits until cancelled.
  before(async () => (hub = await startHubStandIn({ tokens: { [token]: "hana" }, paidSpaces: true })));
  after(() => hub.close());

  it("reports every step as it begins and ends with the Space's URL", async () => {
    const events: DeployProgressEvent[] = [];
    const logs: string[] = [];
    const outcome = await runDeploy(request({ args: ["hana/dash"], log: (l) => logs.push(l) }), (e) => events.push(e), new AbortController().signal);
    assert.equal(outcome.outcome, "done");
    assert.equal(outcome.outcome === "done" && outcome.url, `${hub.repo("space", "hana/dash")!.host}/`);
    assert.deepEqual(
      events.filter((e) => e.type === "step").map((e) => e.type === "step" && e.step),
      [1, 2, 3, 4, 5],
    );
    assert.equal(outcome.finished.length, 5);
    assert.ok(logs.includes("[3/5] uploading 3 files in one commit"), logs.join("\n"));
    assert.ok(!logs.join("\n").includes(token), "the token is never logged");
  });

  it("cancelling stops the CLI and says which steps were done and which was under way", async () => {
    const abort = new AbortController();
    const serverToken = "s".repeat(32);
    const running = runDeploy(
      request({ command: "deploy-space", args: ["hana/workers", "--repo", "https://example.com/r.git", "--interval-analysis", "7"], serverToken }),
      (e) => e.type === "step" && e.step === 6 && abort.abort(),
      abort.signal,
    );
    const outcome = await running;
    assert.equal(outcome.outcome, "cancelled");
    assert.deepEqual(outcome.current, { step: 6, steps: 7, message: "waiting until the Space runs" });
    assert.deepEqual(outcome.finished, ["checking the token", "creating or finding the Space hana/workers", "setting 2 secrets", "setting 8 variables", "uploading 8 files in one commit"]);
    assert.equal(describeSteps(outcome).split(".")[0], "during step 6 of 7 (waiting until the Space runs)");
    const space = hub.repo("space", "hana/workers")!;
    assert.equal(space.secrets.get("AUTOCODER_TOKEN"), serverToken, "the server token the extension made went to the Space");
    assert.equal(space.variables.get("AUTOCODER_INTERVAL_ANALYSIS")?.value, "7");
    // The process is gone: the runtime is no longer polled.
    const polls = () => hub.requests.filter((r) => r.path === "/api/spaces/hana/workers/runtime").length;
    const seen = polls();
    await new Promise((r) => setTimeout(r, 4_500));
    assert.equal(polls(), seen, "no poll after the cancel (the CLI polls every 2 s)");
  });

  it("a refusal carries the Hub's status; a usage error its message", async () => {
    const refused = await runDeploy(request({ args: ["hana/dash"], hfToken: standInToken() }), () => {}, new AbortController().signal);
    assert.equal(refused.outcome, "failed");
    assert.equal(refused.outcome === "failed" && refused.status, 401);
    assert.deepEqual(refused.current, { step: 1, steps: 5, message: "checking the token" });

    const usage = await runDeploy(request({ command: "deploy-space", args: ["hana/w", "--repo", "ext::sh -c id"] }), () => {}, new AbortController().signal);
    assert.equal(usage.outcome, "failed");
    assert.match(usage.outcome === "failed" ? usage.message : "", /is not a git URL this server clones/);
  });
});
