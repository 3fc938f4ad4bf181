import { strict as assert } from "node:assert";
import { HubApiError, commit, createRepo, downloadFile, listFiles, repoExists, whoAmI } from "@huggingface/hub";
import { standInToken, startHubStandIn, type HubStandIn } from "../support/hubStandIn";

// The stand-in is only as good as its fidelity to what @huggingface/hub sends and expects:
// each call here is the real client, pointed at the stand-in with hubUrl.
describe("Hub stand-in speaks the contract @huggingface/hub uses", () => {
  const token = standInToken();
  const other = standInToken();
  let hub: HubStandIn;
  before(async () => {
    hub = await startHubStandIn({ tokens: { [token]: "alice", [other]: "mallory" }, pageSize: 2 });
  });
  after(() => hub.close());

  it("whoAmI names the token's user and refuses an unknown one", async () => {
    const me = await whoAmI({ accessToken: token, hubUrl: hub.url });
    assert.equal(me.name, "alice");
    await assert.rejects(whoAmI({ accessToken: standInToken(), hubUrl: hub.url }), (e: HubApiError) => e.statusCode === 401);
  });

  it("creates a private dataset once; a second create is 409, and only its owner sees it", async () => {
    const repo = { type: "dataset" as const, name: "alice/things" };
    assert.equal(await repoExists({ repo, accessToken: token, hubUrl: hub.url }), false);
    await createRepo({ repo, visibility: "private", accessToken: token, hubUrl: hub.url });
    assert.equal(await repoExists({ repo, accessToken: token, hubUrl: hub.url }), true);
    assert.equal(await repoExists({ repo, hubUrl: hub.url }), false, "private: unauthenticated sees nothing");
    assert.equal(await repoExists({ repo, accessToken: other, hubUrl: hub.url }), false);
    await assert.rejects(createRepo({ repo, accessToken: token, hubUrl: hub.url }), (e: HubApiError) => e.statusCode === 409);
  });

  it("commits inline files, lists them page by page and serves them back", async () => {
    const repo = { type: "dataset" as const, name: "alice/things" };
    const files = ["data/a.jsonl", "data/b.jsonl", "data/c.jsonl"].map((path, i) => ({
      operation: "addOrUpdate" as const,
      path,
      content: new Blob([`{"n":${i}}\n`]),
    }));
    const out = await commit({ repo, title: "Add three", operations: files, accessToken: token, hubUrl: hub.url });
    assert.match(out!.commit.oid, /^[0-9a-f]{40}$/);
    const listed = [];
    for await (const f of listFiles({ repo, path: "data", accessToken: token, hubUrl: hub.url })) listed.push(f.path);
    assert.deepEqual(listed, ["data/a.jsonl", "data/b.jsonl", "data/c.jsonl"], "three entries across two pages");
    const blob = await downloadFile({ repo, path: "data/b.jsonl", accessToken: token, hubUrl: hub.url });
    assert.equal(await blob!.text(), '{"n":1}\n');
    assert.equal(await downloadFile({ repo, path: "data/none.jsonl", accessToken: token, hubUrl: hub.url }), null);
    await assert.rejects(
      commit({ repo, title: "Not yours", operations: files, accessToken: other, hubUrl: hub.url }),
      (e: HubApiError) => e.statusCode === 404,
    );
    const logged = hub.requests.find((r) => r.path.endsWith("/commit/main") && r.status === 200)!;
    assert.deepEqual(logged.files.map((f) => f.content), ['{"n":0}\n', '{"n":1}\n', '{"n":2}\n'], "the log holds decoded contents");
  });

  it("injects 429 with Retry-After, 500s, cut connections and lost commit replies", async () => {
    const repo = { type: "dataset" as const, name: "alice/things" };
    hub.failNext(1, 429, { retryAfter: "7" });
    let seen: Response | null = null;
    const watching: typeof fetch = async (input, init) => (seen = await fetch(input, init));
    await assert.rejects(whoAmI({ accessToken: token, hubUrl: hub.url, fetch: watching }), (e: HubApiError) => e.statusCode === 429);
    assert.equal(seen!.headers.get("retry-after"), "7");
    hub.failNext(2, 503);
    await assert.rejects(whoAmI({ accessToken: token, hubUrl: hub.url }), (e: HubApiError) => e.statusCode === 503);
    await assert.rejects(whoAmI({ accessToken: token, hubUrl: hub.url }), (e: HubApiError) => e.statusCode === 503);
    assert.equal((await whoAmI({ accessToken: token, hubUrl: hub.url })).name, "alice");
    hub.setUnreachable(true);
    await assert.rejects(whoAmI({ accessToken: token, hubUrl: hub.url }), /fetch failed/);
    hub.setUnreachable(false);
    const before = hub.repo("dataset", "alice/things")!.commits.length;
    hub.loseCommitReplies(1);
    await assert.rejects(
      commit({ repo, title: "Lost reply", operations: [{ operation: "addOrUpdate", path: "x.txt", content: new Blob(["x"]) }], accessToken: token, hubUrl: hub.url }),
    );
    assert.equal(hub.repo("dataset", "alice/things")!.commits.length, before + 1, "the commit landed though the reply was lost");
  });
});
