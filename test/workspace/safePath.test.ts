import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WorkspacePathError, checkPathText, resolveInsideRoot } from "../../server/workspace";
import { removeDir, tempDir } from "../support/tempDir";

describe("resolveInsideRoot", () => {
  let root: string;
  let outside: string;
  before(async () => {
    root = await tempDir({ "src/a.ts": "export const a = 1;\n", "..hidden/b.ts": "b", "100%.txt": "c" });
    outside = await tempDir({ passwd: "root:x:0:0\n" });
    await fs.symlink(outside, path.join(root, "link-out"));
    await fs.symlink(path.join(outside, "passwd"), path.join(root, "file-link-out"));
    await fs.symlink("../../" + path.basename(outside), path.join(root, "src", "relative-link-out"));
    await fs.symlink(path.join(root, "src"), path.join(root, "link-in"));
    await fs.symlink(path.join(root, "loop-b"), path.join(root, "loop-a"));
    await fs.symlink(path.join(root, "loop-a"), path.join(root, "loop-b"));
  });
  after(async () => {
    await removeDir(root);
    await removeDir(outside);
  });

  const accepted: [string, string][] = [
    ["src/a.ts", "src/a.ts"],
    ["./src/a.ts", "src/a.ts"],
    ["src//a.ts", "src/a.ts"],
    ["src/", "src"],
    ["new/dir/file.ts", "new/dir/file.ts"], // does not exist yet: its nearest ancestor is inside
    ["..hidden/b.ts", "..hidden/b.ts"], // starts with two dots but is no `..` segment
    ["100%.txt", "100%.txt"], // a lone % is not an encoding
    ["ünïcødé/文件 with space.ts", "ünïcødé/文件 with space.ts"],
    ["link-in/a.ts", "src/a.ts"], // a link that stays inside resolves to its real path
  ];
  for (const [rel, expected] of accepted) {
    it(`accepts ${JSON.stringify(rel)}`, async () => {
      assert.equal(await resolveInsideRoot(root, rel), path.join(root, ...expected.split("/")));
    });
  }

  const refused: [string, RegExp][] = [
    ["", /empty path/],
    ["../../etc/passwd", /may not contain "\.\."/],
    ["..", /may not contain "\.\."/],
    ["src/../../etc/passwd", /may not contain "\.\."/],
    ["src/../src/a.ts", /may not contain "\.\."/], // stays inside, but no client needs `..`
    ["a/b/../../..", /may not contain "\.\."/],
    ["/etc/passwd", /absolute paths are not accepted/],
    ["C:\\Windows\\win.ini", /absolute paths are not accepted/],
    ["c:/windows", /absolute paths are not accepted/],
    ["C:relative-to-drive", /absolute paths are not accepted/],
    ["\\\\server\\share", /absolute paths are not accepted/],
    ["\\\\?\\C:\\Windows", /absolute paths are not accepted/],
    ["//server/share", /absolute paths are not accepted/],
    ["..\\..\\etc\\passwd", /may not contain "\.\."/],
    ["src\\..\\..\\secret", /may not contain "\.\."/],
    ["%2e%2e%2fetc%2fpasswd", /may not contain "\.\."/],
    ["%2E%2E/etc/passwd", /may not contain "\.\."/],
    ["..%2f..%2fetc%2fpasswd", /may not contain "\.\."/],
    ["%2e%2e%5c%2e%2e%5cetc", /may not contain "\.\."/],
    ["%2fetc%2fpasswd", /absolute paths are not accepted/],
    ["C%3A%5CWindows", /absolute paths are not accepted/],
    ["src/a.ts\0.png", /NUL byte/],
    ["src/a.ts%00.png", /NUL byte/],
    ["link-out/passwd", /leads outside the workspace/],
    ["link-out", /leads outside the workspace/],
    ["link-out/not-yet.txt", /leads outside the workspace/], // missing: judged by its nearest existing ancestor
    ["file-link-out", /leads outside the workspace/],
    ["src/relative-link-out/passwd", /leads outside the workspace/],
    ["loop-a/x", /symlink loop/],
  ];
  for (const [rel, reason] of refused) {
    it(`refuses ${JSON.stringify(rel)}, saying why`, async () => {
      await assert.rejects(resolveInsideRoot(root, rel), (err: Error) => {
        assert.ok(err instanceof WorkspacePathError, `${err.name}: ${err.message}`);
        assert.match(err.message, reason);
        return true;
      });
    });
  }

  it("checks the text before touching the disk", () => {
    assert.throws(() => checkPathText("../x"), WorkspacePathError);
    assert.throws(() => checkPathText(42 as unknown as string), /must be a string/);
    assert.doesNotThrow(() => checkPathText("src/a.ts"));
  });

  it("says clearly when the root itself is missing", async () => {
    await assert.rejects(resolveInsideRoot(path.join(root, "no-such-root"), "a.ts"), /workspace .*no-such-root cannot be read: no such file/);
  });
});
