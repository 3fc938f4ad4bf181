import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { WorkspaceReader } from "../../server/workspace";
import { removeDir, tempDir } from "../support/tempDir";

const reasonOf = (snap: { skipped: { file: string; reason: string }[] }, file: string) =>
  snap.skipped.find((s) => s.file === file)?.reason;

describe("WorkspaceReader", () => {
  const dirs: string[] = [];
  const make = async (files: Record<string, string | Buffer>) => {
    const dir = await tempDir(files);
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await fs.chmod(dir, 0o755).catch(() => undefined);
      await removeDir(dir);
    }
  });

  it("reads text files with path, size, hash and text, sorted by path", async () => {
    const dir = await make({ "b.ts": "export const b = 2;\n", "a/x.py": "x = 1\n" });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(snap.files.map((f) => f.path), ["a/x.py", "b.ts"]);
    const b = snap.files[1]!;
    assert.equal(b.text, "export const b = 2;\n");
    assert.equal(b.size, 20);
    assert.match(b.hash, /^[0-9a-f]{64}$/);
    assert.equal(snap.bytes, 26);
    assert.equal(snap.root, dir);
  });

  it("honours nested .gitignore files relative to their folder, with negation", async () => {
    const dir = await make({
      ".gitignore": "*.log\ngenerated/\n",
      "keep.ts": "1",
      "debug.log": "x",
      "generated/out.ts": "x",
      "pkg/.gitignore": "local.ts\n!important.log\n",
      "pkg/local.ts": "x",
      "pkg/important.log": "kept by negation",
      "pkg/deeper/local.ts": "also ignored: the pattern has no slash, so it matches at any depth below pkg",
      "other/local.ts": "not ignored: pkg's rules do not apply here",
    });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(snap.files.map((f) => f.path), [".gitignore", "keep.ts", "other/local.ts", "pkg/.gitignore", "pkg/important.log"]);
  });

  it("applies the default ignores and .git/info/exclude", async () => {
    const dir = await make({
      "node_modules/lib/index.js": "x",
      "dist/app.js": "x",
      ".git/info/exclude": "secret.txt\n",
      ".git/HEAD": "ref",
      ".autocoder/analysis.jsonl": "{}",
      "src/app.min.js": "x",
      "secret.txt": "x",
      "src/app.ts": "x",
    });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(snap.files.map((f) => f.path), ["src/app.ts"]);
    assert.deepEqual(snap.skipped, []);
  });

  it("takes extra ignore patterns", async () => {
    const dir = await make({ "a.ts": "1", "fixtures/b.ts": "2" });
    const snap = await new WorkspaceReader(dir, { extraIgnores: ["fixtures/"] }).scan();
    assert.deepEqual(snap.files.map((f) => f.path), ["a.ts"]);
  });

  it("skips binary, empty and invalid UTF-8 files, each with its reason, and strips a BOM", async () => {
    const dir = await make({
      "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      "empty.ts": "",
      "latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      "bom.ts": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("export {};\n")]),
    });
    const snap = await new WorkspaceReader(dir).scan();
    assert.equal(reasonOf(snap, "image.png"), "binary file");
    assert.equal(reasonOf(snap, "empty.ts"), "empty file");
    assert.match(reasonOf(snap, "latin1.txt")!, /not valid UTF-8/);
    assert.deepEqual(snap.files.map((f) => [f.path, f.text]), [["bom.ts", "export {};\n"]]);
  });

  it("skips files over the size limit without reading them, saying how to include them", async () => {
    const dir = await make({ "big.ts": "x".repeat(5000), "small.ts": "y" });
    const reader = new WorkspaceReader(dir, { maxFileBytes: 4096 });
    const snap = await reader.scan();
    assert.match(reasonOf(snap, "big.ts")!, /larger than the 4.1 KB limit \(5 KB\); raise --max-file-bytes/);
    assert.equal(reader.stats.filesRead, 1, "only small.ts was read");
  });

  it("skips a named pipe without opening it", async function () {
    const dir = await make({ "a.ts": "1" });
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    const snap = await new WorkspaceReader(dir).scan();
    assert.equal(reasonOf(snap, "pipe"), "not a regular file (named pipe)");
  });

  it("never follows symlinks: out of the root refused, loops and broken links reported, inner links not double-counted", async () => {
    const outside = await make({ "secret.ts": "export const key = 'outside';\n" });
    const dir = await make({ "src/real.ts": "export const a = 1;\n" });
    await fs.symlink(path.join(outside, "secret.ts"), path.join(dir, "escape.ts"));
    await fs.symlink(outside, path.join(dir, "escape-dir"));
    await fs.symlink(path.join(dir, "src", "real.ts"), path.join(dir, "alias.ts"));
    await fs.symlink(path.join(dir, "loop-b"), path.join(dir, "loop-a"));
    await fs.symlink(path.join(dir, "loop-a"), path.join(dir, "loop-b"));
    await fs.symlink(path.join(dir, "nowhere.ts"), path.join(dir, "broken.ts"));
    await fs.symlink(dir, path.join(dir, "src", "self"));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(snap.files.map((f) => f.path), ["src/real.ts"]);
    assert.match(reasonOf(snap, "escape.ts")!, /outside the workspace/);
    assert.match(reasonOf(snap, "escape-dir")!, /outside the workspace/);
    assert.match(reasonOf(snap, "alias.ts")!, /symlink to src\/real\.ts, which is read under its own path/);
    assert.equal(reasonOf(snap, "loop-a"), "symlink loop");
    assert.equal(reasonOf(snap, "broken.ts"), "broken symlink");
    assert.match(reasonOf(snap, "src/self")!, /symlink to \./);
    assert.ok(!snap.files.some((f) => f.text.includes("outside")));
  });

  it("reports unreadable files as permission denied (skipped when running as root)", async function () {
    if (process.getuid?.() === 0) this.skip();
    const dir = await make({ "locked.ts": "x", "ok.ts": "y" });
    await fs.chmod(path.join(dir, "locked.ts"), 0o000);
    const snap = await new WorkspaceReader(dir).scan();
    assert.equal(reasonOf(snap, "locked.ts"), "permission denied");
    assert.deepEqual(snap.files.map((f) => f.path), ["ok.ts"]);
  });

  it("handles file names with spaces, newlines and non-ASCII", async () => {
    const names = ["with space.ts", "new\nline.ts", "ünïcødé/文件.py", "emoji-🙂.js"];
    const dir = await make(Object.fromEntries(names.map((n) => [n, `// ${n}\n`])));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(new Set(snap.files.map((f) => f.path)), new Set(names));
    assert.equal(snap.skipped.length, 0);
  });

  it("does not re-read unchanged files on the next scan, re-reads changed ones and drops vanished ones", async () => {
    const dir = await make({ "a.ts": "1", "b.ts": "2", "c.ts": "3" });
    const reader = new WorkspaceReader(dir);
    const first = await reader.scan();
    assert.equal(reader.stats.filesRead, 3);
    const second = await reader.scan();
    assert.equal(reader.stats.filesRead, 3, "nothing re-read");
    assert.equal(second.files[0], first.files[0], "the same cached object");
    await fs.writeFile(path.join(dir, "b.ts"), "changed content");
    await fs.rm(path.join(dir, "c.ts"));
    const third = await reader.scan();
    assert.equal(reader.stats.filesRead, 4, "only b.ts re-read");
    assert.deepEqual(third.files.map((f) => [f.path, f.text]), [["a.ts", "1"], ["b.ts", "changed content"]]);
  });

  it("stops discovering past maxFiles and says so", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`f${String(i).padStart(2, "0")}.ts`] = `${i}`;
    const dir = await make(files);
    const snap = await new WorkspaceReader(dir, { maxFiles: 10 }).scan();
    assert.equal(snap.files.length, 10);
    assert.equal(snap.skipped.length, 1);
    assert.match(snap.skipped[0]!.reason, /more than 10 files/);
  });

  it("throws a clear error when the root is missing or not a folder, and honours an abort", async () => {
    await assert.rejects(new WorkspaceReader("/no/such/root").scan(), /workspace \/no\/such\/root cannot be read: no such file/);
    const dir = await make({ "file.ts": "1" });
    await assert.rejects(new WorkspaceReader(path.join(dir, "file.ts")).scan(), /is not a folder/);
    const controller = new AbortController();
    controller.abort(new Error("stop now"));
    await assert.rejects(new WorkspaceReader(dir).scan(controller.signal), /stop now/);
  });
});
