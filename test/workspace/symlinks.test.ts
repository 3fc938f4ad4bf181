import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WorkspaceReader } from "../../server/workspace";
import { pathsOf, reasonOf, useTempDirs } from "./workspaceFixtures";

describe("WorkspaceReader and symlinks", () => {
  const make = useTempDirs();
  const link = (target: string, at: string) => fs.symlink(target, at);

  it("never follows a link out of the root, whether to a file or a folder, absolute or relative", async () => {
    const outside = await make({ "secret.ts": "export const key = 'outside';\n", "sub/more.ts": "outside too" });
    const dir = await make({ "src/real.ts": "export const a = 1;\n" });
    await link(path.join(outside, "secret.ts"), path.join(dir, "escape.ts"));
    await link(outside, path.join(dir, "escape-dir"));
    await link(path.join("..", "..", path.basename(outside), "sub"), path.join(dir, "src", "relative-escape"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["src/real.ts"]);
    for (const file of ["escape.ts", "escape-dir", "src/relative-escape"]) {
      assert.equal(reasonOf(snap, file), "symlink points outside the workspace; links are never followed out of the root", file);
    }
    assert.ok(!snap.files.some((f) => f.text.includes("outside")));
  });

  it("reports loops: links to each other, to themselves and to their own ancestor", async () => {
    const dir = await make({ "src/real.ts": "1" });
    await link(path.join(dir, "loop-b"), path.join(dir, "loop-a"));
    await link(path.join(dir, "loop-a"), path.join(dir, "loop-b"));
    await link("self", path.join(dir, "self"));
    await link("..", path.join(dir, "src", "up"));
    await link(dir, path.join(dir, "src", "root"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["src/real.ts"]);
    assert.equal(reasonOf(snap, "loop-a"), "symlink loop");
    assert.equal(reasonOf(snap, "loop-b"), "symlink loop");
    assert.equal(reasonOf(snap, "self"), "symlink loop");
    assert.equal(reasonOf(snap, "src/up"), "symlink loop: it points to ., a folder that contains it");
    assert.equal(reasonOf(snap, "src/root"), "symlink loop: it points to ., a folder that contains it");
  });

  it("terminates on a cycle through followed folders, tracking the real folders it has read", async () => {
    const dir = await make({ "build/a/x.ts": "a", "build/b/y.ts": "b" });
    await link("build/a", path.join(dir, "la"));
    await link("../b", path.join(dir, "build", "a", "to-b"));
    await link("../a", path.join(dir, "build", "b", "to-a"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["la/to-b/y.ts", "la/x.ts"]);
    assert.equal(reasonOf(snap, "la/to-b/to-a"), "symlink to folder build/a, which is read as la");
  });

  it("does not count a file twice: a link to a file read under its own path is skipped, naming it", async () => {
    const dir = await make({ "src/real.ts": "export const a = 1;\n", "src/lib/b.ts": "b" });
    await link(path.join(dir, "src", "real.ts"), path.join(dir, "alias.ts"));
    await link("src/lib", path.join(dir, "lib-alias"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["src/lib/b.ts", "src/real.ts"]);
    assert.equal(reasonOf(snap, "alias.ts"), "symlink to src/real.ts, which is read under its own path");
    assert.equal(reasonOf(snap, "lib-alias"), "symlink to folder src/lib, which is read under its own path");
  });

  it("reads a link to an ignored file or folder under the link's path, once", async () => {
    const dir = await make({ "build/gen.ts": "export const generated = 1;\n", "build/out/schema.ts": "schema", "build/out/node_modules/x.js": "x" });
    await link("build/gen.ts", path.join(dir, "gen.ts"));
    await link("build/gen.ts", path.join(dir, "zz-copy.ts"));
    await link("build/out", path.join(dir, "schema"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["gen.ts", "schema/schema.ts"], "ignore rules still apply inside a followed folder");
    assert.equal(snap.files[0]!.text, "export const generated = 1;\n");
    assert.equal(reasonOf(snap, "zz-copy.ts"), "symlink to build/gen.ts, which is read as gen.ts", "links are taken in sorted order");
  });

  it("leaves links that an ignore pattern names unresolved, and reports broken ones", async () => {
    const dir = await make({ ".gitignore": "*.lnk\nlinked-dir/\n", "a.ts": "a", "real/b.ts": "b" });
    await link("/nonexistent/target", path.join(dir, "ignored.lnk"));
    await link("real", path.join(dir, "linked-dir"));
    await link("nowhere.ts", path.join(dir, "broken.ts"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), [".gitignore", "a.ts", "real/b.ts"]);
    assert.deepEqual(snap.skipped, [{ file: "broken.ts", reason: "broken symlink: its target does not exist" }]);
  });

  it("never opens a named pipe reached through a link", async function () {
    this.timeout(5000);
    const dir = await make({ "a.ts": "1" });
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    await link("pipe", path.join(dir, "pipe-link"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.equal(reasonOf(snap, "pipe-link"), "symlink to a named pipe; only regular files are read");
  });
});
