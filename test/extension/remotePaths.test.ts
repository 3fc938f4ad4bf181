import { strict as assert } from "node:assert";
import { remoteRootSegments, toLocal, toServer } from "../../extension/remotePaths";

describe("extension: a remote server's paths mapped onto the local folder (autocoder.remoteRoot)", () => {
  it("maps server paths under the configured folder and back", () => {
    const root = remoteRootSegments("services/api/")!;
    assert.deepEqual(root, ["services", "api"]);
    assert.deepEqual(toLocal(["src", "a.ts"], root), ["services", "api", "src", "a.ts"]);
    assert.equal(toServer("services/api/src/a.ts", root), "src/a.ts");
    assert.equal(toServer("web/src/a.ts", root), null, "a local file outside the server's root has no server path");
  });

  it("maps nothing when empty, and refuses a folder that would leave the workspace", () => {
    assert.deepEqual(remoteRootSegments("  "), []);
    assert.deepEqual(toLocal(["a.ts"], []), ["a.ts"]);
    assert.equal(toServer("a.ts", []), "a.ts");
    assert.equal(remoteRootSegments("../elsewhere"), null);
    assert.equal(remoteRootSegments("/etc"), null);
  });
});
