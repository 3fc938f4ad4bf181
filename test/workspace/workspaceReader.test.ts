import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fsSync from "node:fs";
import { promises as fs } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { WorkspaceReader, type WorkspaceSnapshot } from "../../server/workspace";
import { isRoot, pathsOf, reasonOf, useTempDirs } from "./workspaceFixtures";

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const withoutTiming = ({ ms: _ms, ...rest }: WorkspaceSnapshot) => rest;

describe("WorkspaceReader.scan", () => {
  const make = useTempDirs();

  it("reads text files with path, size, mtime, hash and text, sorted by path", async () => {
    const dir = await make({ "b.ts": "export const b = 2;\n", "a/x.py": "x = 1\n", "a/B.ts": "upper" });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["a/B.ts", "a/x.py", "b.ts"]);
    const b = snap.files[2]!;
    assert.equal(b.text, "export const b = 2;\n");
    assert.equal(b.size, 20);
    assert.equal(b.hash, sha256("export const b = 2;\n"));
    assert.equal(b.mtimeMs, (await fs.stat(path.join(dir, "b.ts"))).mtimeMs);
    assert.equal(snap.bytes, 31);
    assert.equal(snap.root, dir);
    assert.ok(snap.ms >= 0);
  });

  it("reports the real root even when given a path through a symlink", async () => {
    const dir = await make({ "a.ts": "1" });
    const parent = await make();
    await fs.symlink(dir, path.join(parent, "via-link"));
    const snap = await new WorkspaceReader(path.join(parent, "via-link")).scan();
    assert.equal(snap.root, dir);
    assert.deepEqual(pathsOf(snap), ["a.ts"]);
  });

  it("skips binary, empty and invalid UTF-8 files with their reasons, and strips a BOM but hashes it", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("export {};\n")]);
    const dir = await make({
      "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      "empty.ts": "",
      "latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      "bom.ts": bom,
    });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(snap.skipped, [
      { file: "empty.ts", reason: "empty file" },
      { file: "image.png", reason: "binary file" },
      { file: "latin1.txt", reason: "not valid UTF-8: only UTF-8 text is analysed" },
    ]);
    assert.deepEqual(snap.files.map((f) => [f.path, f.text, f.size, f.hash]), [["bom.ts", "export {};\n", bom.length, sha256(bom)]]);
  });

  it("skips a file over the limit by its size alone, never opening it", async () => {
    const dir = await make({ "small.ts": "y" });
    // Sparse: 3.2 GB on paper, nothing on disk. Reading it would take seconds and fail.
    await fs.writeFile(path.join(dir, "huge.ts"), "");
    await fs.truncate(path.join(dir, "huge.ts"), 3_200_000_000);
    await fs.writeFile(path.join(dir, "big.ts"), "x".repeat(5000));
    // A scan with few files to read opens them synchronously, with many through the promise API: both are watched.
    const opened: string[] = [];
    const realOpen = fs.open;
    const realOpenSync = fsSync.openSync;
    fs.open = (async (...args: Parameters<typeof fs.open>) => {
      opened.push(String(args[0]));
      return realOpen(...args);
    }) as typeof fs.open;
    fsSync.openSync = ((...args: Parameters<typeof fsSync.openSync>) => {
      opened.push(String(args[0]));
      return realOpenSync(...args);
    }) as typeof fsSync.openSync;
    try {
      const reader = new WorkspaceReader(dir, { maxFileBytes: 4096 });
      const snap = await reader.scan();
      assert.equal(reasonOf(snap, "big.ts"), "larger than the 4.1 KB limit (5 KB); raise --max-file-bytes to include it");
      assert.equal(reasonOf(snap, "huge.ts"), "larger than the 4.1 KB limit (3.2 GB); raise --max-file-bytes to include it");
      assert.deepEqual(pathsOf(snap), ["small.ts"]);
      assert.deepEqual(opened.filter((p) => p.endsWith(".ts")).map((p) => path.basename(p)), ["small.ts"]);
      assert.equal(reader.stats.filesRead, 1);
    } finally {
      fs.open = realOpen;
      fsSync.openSync = realOpenSync;
    }
  });

  it("reads a file of exactly the limit", async () => {
    const dir = await make({ "edge.ts": "x".repeat(4096), "over.ts": "x".repeat(4097) });
    const snap = await new WorkspaceReader(dir, { maxFileBytes: 4096 }).scan();
    assert.deepEqual(pathsOf(snap), ["edge.ts"]);
    assert.match(reasonOf(snap, "over.ts")!, /^larger than/);
  });

  it("skips a named pipe and a socket without opening them", async function () {
    this.timeout(5000); // an opened FIFO would hang until this fails the test
    const dir = await make({ "a.ts": "1" });
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, "sock"), resolve));
    try {
      const snap = await new WorkspaceReader(dir).scan();
      assert.deepEqual(pathsOf(snap), ["a.ts"]);
      assert.equal(reasonOf(snap, "pipe"), "not a regular file (named pipe); only regular files are read");
      assert.equal(reasonOf(snap, "sock"), "not a regular file (socket); only regular files are read");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("reports unreadable files and folders as permission denied", async function () {
    if (isRoot()) this.skip(); // root reads through chmod 000
    const dir = await make({ "locked.ts": "x", "ok.ts": "y", "closed/inner.ts": "z" });
    await fs.chmod(path.join(dir, "locked.ts"), 0o000);
    await fs.chmod(path.join(dir, "closed"), 0o000);
    const snap = await new WorkspaceReader(dir).scan();
    assert.equal(reasonOf(snap, "locked.ts"), "permission denied");
    assert.equal(reasonOf(snap, "closed/"), "folder cannot be listed (permission denied); its files were not read");
    assert.deepEqual(pathsOf(snap), ["ok.ts"]);
  });

  it("handles file names with spaces, newlines, quotes and non-ASCII", async () => {
    const names = ["with space.ts", "new\nline.ts", "tab\there.ts", "quote'\"s.ts", "ünïcødé/文件.py", "emoji-🙂.js", "-dash.ts", "...dots.ts"];
    const dir = await make(Object.fromEntries(names.map((n) => [n, `// ${n}\n`])));
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), [...names].sort());
    for (const file of snap.files) assert.equal(file.text, `// ${file.path}\n`);
    assert.deepEqual(snap.skipped, []);
  });

  it("skips a file whose name is not valid UTF-8, saying to rename it", async function () {
    if (process.platform !== "linux") this.skip(); // other filesystems refuse such names
    const dir = await make({ "ok.ts": "1" });
    await fs.writeFile(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from(".ts")]), "x");
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["ok.ts"]);
    assert.deepEqual(snap.skipped, [{ file: "caf\uFFFD.ts", reason: "name is not valid UTF-8, so it cannot be opened by name; rename it to include it" }]);
  });

  it("does not re-read or re-hash unchanged files, re-reads changed ones and forgets vanished ones", async () => {
    const dir = await make({ "a.ts": "1", "b.ts": "2", "c.ts": "3", "bin.dat": Buffer.from([0, 1, 2]) });
    const reader = new WorkspaceReader(dir);
    const first = await reader.scan();
    assert.equal(reader.stats.filesRead, 4);
    assert.equal(reader.stats.cachedFiles, 4, "skipped-for-content files are cached too");

    const second = await reader.scan();
    assert.equal(reader.stats.filesRead, 4, "nothing re-read");
    assert.equal(second.files[0], first.files[0], "the very same object");
    assert.deepEqual(second.skipped, first.skipped);

    await fs.writeFile(path.join(dir, "b.ts"), "changed content");
    await fs.rm(path.join(dir, "c.ts"));
    const third = await reader.scan();
    assert.equal(reader.stats.filesRead, 5, "only b.ts re-read");
    assert.deepEqual(third.files.map((f) => [f.path, f.text]), [["a.ts", "1"], ["b.ts", "changed content"]]);
    assert.equal(reader.stats.cachedFiles, 3, "c.ts dropped from the cache");
  });

  it("re-reads a file replaced by another with the same size and mtime (a new inode)", async () => {
    const dir = await make({ "a.ts": "old!" });
    const sameTime = 1_700_000_000; // whole seconds: every filesystem stores them exactly
    await fs.utimes(path.join(dir, "a.ts"), sameTime, sameTime);
    const reader = new WorkspaceReader(dir);
    await reader.scan();
    await fs.writeFile(path.join(dir, "a.ts.tmp"), "new!");
    await fs.utimes(path.join(dir, "a.ts.tmp"), sameTime, sameTime);
    await fs.rename(path.join(dir, "a.ts.tmp"), path.join(dir, "a.ts")); // how editors save atomically
    const snap = await reader.scan();
    assert.equal(snap.files[0]!.text, "new!");
  });

  it("notices an edited .gitignore on the next scan", async () => {
    const dir = await make({ ".gitignore": "*.log\n", "a.log": "a", "pkg/.gitignore": "# nothing yet\n", "pkg/b.ts": "b", "pkg/c.ts": "c" });
    const reader = new WorkspaceReader(dir);
    assert.deepEqual(pathsOf(await reader.scan()), [".gitignore", "pkg/.gitignore", "pkg/b.ts", "pkg/c.ts"]);
    await fs.writeFile(path.join(dir, "pkg", ".gitignore"), "b.ts\n");
    await fs.writeFile(path.join(dir, ".gitignore"), "# nothing\n");
    assert.deepEqual(pathsOf(await reader.scan()), [".gitignore", "a.log", "pkg/.gitignore", "pkg/c.ts"]);
    await fs.mkdir(path.join(dir, ".git", "info"), { recursive: true });
    await fs.writeFile(path.join(dir, ".git", "info", "exclude"), "c.ts\n");
    assert.deepEqual(pathsOf(await reader.scan()), [".gitignore", "a.log", "pkg/.gitignore"]);
  });

  it("stops discovering at maxFiles, shallowest files first, with one entry saying so", async () => {
    const files: Record<string, string> = { "deep/z.ts": "deep" };
    for (let i = 0; i < 12; i++) files[`f${String(i).padStart(2, "0")}.ts`] = `${i}`;
    const dir = await make(files);
    const reader = new WorkspaceReader(dir, { maxFiles: 10 });
    const snap = await reader.scan();
    assert.deepEqual(pathsOf(snap), Array.from({ length: 10 }, (_, i) => `f${String(i).padStart(2, "0")}.ts`));
    assert.deepEqual(snap.skipped, [
      {
        file: "f10.ts",
        reason: "file limit reached: only the first 10 files are read; this one and the rest were not (raise maxFiles or ignore folders you do not need)",
      },
    ]);
    assert.equal(reader.stats.foldersListed, 1, "deep/ was never listed");
  });

  it("gives the same result every time, from any reader", async () => {
    const dir = await make({ "b/1.ts": "1", "a/2.ts": "2", "c.bin": Buffer.from([0]), "e.ts": "", "Z.ts": "z" });
    const one = withoutTiming(await new WorkspaceReader(dir).scan());
    const two = withoutTiming(await new WorkspaceReader(dir).scan());
    assert.deepEqual(one, two);
    assert.deepEqual(pathsOf(one), ["Z.ts", "a/2.ts", "b/1.ts"]);
    assert.deepEqual(one.skipped.map((s) => s.file), ["c.bin", "e.ts"]);
  });

  it("never throws for a file's problem, even with every kind of problem at once", async () => {
    const outside = await make({ "x.ts": "x" });
    const dir = await make({ "ok.ts": "1", "e.ts": "", "b.bin": Buffer.from([0]), "u.txt": Buffer.from([0xff]), "big.ts": "x".repeat(2000) });
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    await fs.symlink(outside, path.join(dir, "out"));
    await fs.symlink("loop", path.join(dir, "loop"));
    await fs.symlink("missing", path.join(dir, "broken"));
    const snap = await new WorkspaceReader(dir, { maxFileBytes: 1000 }).scan();
    assert.deepEqual(pathsOf(snap), ["ok.ts"]);
    assert.deepEqual(snap.skipped.map((s) => s.file), ["b.bin", "big.ts", "broken", "e.ts", "loop", "out", "pipe", "u.txt"]);
  });

  it("refuses a missing root or a file as root at construction, with a clear message", async () => {
    assert.throws(() => new WorkspaceReader("/no/such/root"), /^Error: workspace \/no\/such\/root does not exist$/);
    const dir = await make({ "file.ts": "1" });
    assert.throws(() => new WorkspaceReader(path.join(dir, "file.ts")), /workspace .*file\.ts is not a folder/);
    assert.throws(() => new WorkspaceReader(dir, { maxFileBytes: 0 }), /maxFileBytes must be a whole number ≥ 1/);
    assert.throws(() => new WorkspaceReader(dir, { maxFiles: 1.5 }), /maxFiles must be a whole number ≥ 1/);
  });

  it("throws from scan when the root has vanished since", async () => {
    const parent = await make({ "ws/a.ts": "1" });
    const reader = new WorkspaceReader(path.join(parent, "ws"));
    await reader.scan();
    await fs.rm(path.join(parent, "ws"), { recursive: true });
    await assert.rejects(reader.scan(), /workspace .*ws no longer exists/);
  });

  it("rejects with the signal's reason when aborted, before or during a scan, and keeps its cache", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`d${i % 10}/f${i}.ts`] = `export const v${i} = ${i};\n`;
    const dir = await make(files);
    const reader = new WorkspaceReader(dir);

    const early = new AbortController();
    early.abort(new Error("stop now"));
    await assert.rejects(reader.scan(early.signal), /stop now/);

    const during = new AbortController();
    const scanning = reader.scan(during.signal);
    setImmediate(() => during.abort());
    await assert.rejects(scanning, (err: Error) => err.name === "AbortError");
    assert.ok(reader.stats.filesRead < 300, `stopped early, after ${reader.stats.filesRead} reads`);
    assert.equal(reader.stats.cachedFiles, 0, "an aborted scan does not replace the cache");

    const fromOptions = new AbortController();
    fromOptions.abort(new Error("from options"));
    await assert.rejects(new WorkspaceReader(dir, { signal: fromOptions.signal }).scan(), /from options/);
    assert.equal((await reader.scan()).files.length, 300, "the reader still works after an abort");
  });

  it("stops listing folders as soon as the signal aborts", async () => {
    const files: Record<string, string> = {};
    for (let depth = 1; depth <= 30; depth++) files[`${Array.from({ length: depth }, (_, i) => `d${i}`).join("/")}/f.ts`] = "x";
    const dir = await make(files);
    const reader = new WorkspaceReader(dir);
    const controller = new AbortController();
    // Folders are listed synchronously, a batch per turn of the event loop.
    const realReaddir = fsSync.readdirSync;
    let listed = 0;
    fsSync.readdirSync = ((...args: Parameters<typeof fsSync.readdirSync>) => {
      listed++;
      controller.abort(new Error("aborted while listing"));
      return realReaddir(...args);
    }) as typeof fsSync.readdirSync;
    try {
      await assert.rejects(reader.scan(controller.signal), /aborted while listing/);
    } finally {
      fsSync.readdirSync = realReaddir;
    }
    assert.equal(listed, 1, "no folder was listed after the abort");
  });

  it("stops reading files as soon as the signal aborts", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) files[`f${i}.ts`] = `${i}`;
    const dir = await make(files);
    const reader = new WorkspaceReader(dir);
    const controller = new AbortController();
    const realOpen = fs.open;
    fs.open = ((...args: Parameters<typeof fs.open>) => {
      if (String(args[0]).endsWith(".ts")) controller.abort(new Error("aborted while reading"));
      return realOpen(...args);
    }) as typeof fs.open;
    try {
      await assert.rejects(reader.scan(controller.signal), /aborted while reading/);
    } finally {
      fs.open = realOpen;
    }
    assert.ok(reader.stats.filesRead <= 16, `at most one batch started, not ${reader.stats.filesRead} reads`);
  });

  it("scans about 1,500 files / 17 MB in well under a second when warm", async function () {
    this.timeout(20_000);
    const line = "export function double(a: number): number { return a * 2; } // some padding text\n";
    const body = line.repeat(Math.ceil(11_400 / line.length));
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`pkg${i % 60}/src/f${i}.ts`] = `${body}// ${i}\n`;
    const dir = await make(files);
    const reader = new WorkspaceReader(dir);
    const cold = await reader.scan();
    assert.equal(cold.files.length, 1500);
    assert.ok(cold.bytes > 17_000_000, `${cold.bytes} bytes`);
    const warm = await reader.scan();
    assert.equal(reader.stats.filesRead, 1500, "the warm scan read nothing");
    assert.ok(warm.ms < 500, `warm scan took ${Math.round(warm.ms)} ms (cold ${Math.round(cold.ms)} ms)`);
  });
});
