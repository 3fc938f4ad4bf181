import { strict as assert } from "node:assert";
import { DEFAULT_IGNORES, IgnoreRules, WorkspaceReader } from "../../server/workspace";
import { rebasePattern } from "../../server/workspace/ignoreRules";
import { pathsOf, useTempDirs } from "./workspaceFixtures";

describe("ignore rules", () => {
  const make = useTempDirs();

  it("honours nested .gitignore files relative to their own folder", async () => {
    const dir = await make({
      ".gitignore": "*.log\ngenerated/\n",
      "keep.ts": "1",
      "debug.log": "x",
      "generated/out.ts": "x",
      "pkg/.gitignore": "local.ts\n/only-here.ts\n",
      "pkg/local.ts": "x",
      "pkg/deeper/local.ts": "ignored too: a pattern without a slash matches at any depth below pkg",
      "pkg/only-here.ts": "x",
      "pkg/deeper/only-here.ts": "kept: the leading slash anchors the pattern to pkg/",
      "other/local.ts": "kept: pkg's rules do not apply here",
      "other/only-here.ts": "kept",
    });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), [
      ".gitignore",
      "keep.ts",
      "other/local.ts",
      "other/only-here.ts",
      "pkg/.gitignore",
      "pkg/deeper/only-here.ts",
    ]);
  });

  it("lets a deeper negation re-include a file, but not one inside an excluded folder", async () => {
    const dir = await make({
      ".gitignore": "*.log\nlogs/\n!logs/keep.log\n",
      "a.log": "x",
      "pkg/.gitignore": "!important.log\n",
      "pkg/important.log": "re-included",
      "pkg/other.log": "x",
      "logs/keep.log": "still ignored: git cannot re-include a file whose folder is excluded",
    });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), [".gitignore", "pkg/.gitignore", "pkg/important.log"]);
  });

  it("re-includes a folder by negation (ignore everything but src/)", async () => {
    const dir = await make({ ".gitignore": "/*\n!/src/\n", "a.ts": "x", "lib/b.ts": "x", "src/c.ts": "kept", "src/d/e.ts": "kept" });
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(pathsOf(snap), ["src/c.ts", "src/d/e.ts"]);
  });

  it("applies the default ignores at any depth and never lists ignored folders", async () => {
    const dir = await make({
      "node_modules/lib/index.js": "x",
      "packages/app/node_modules/dep/index.js": "x",
      "dist/app.js": "x",
      "build/out.js": "x",
      ".git/HEAD": "ref",
      ".git/objects/ab/cdef": "x",
      ".autocoder/analysis.jsonl": "{}",
      "py/__pycache__/m.cpython-312.pyc": "x",
      ".venv/lib/site.py": "x",
      "src/app.min.js": "x",
      "src/app.js.map": "x",
      "src/.DS_Store": "x",
      "src/app.ts": "x",
      "packages/app/index.ts": "x",
    });
    const reader = new WorkspaceReader(dir);
    const snap = await reader.scan();
    assert.deepEqual(pathsOf(snap), ["packages/app/index.ts", "src/app.ts"]);
    assert.deepEqual(snap.skipped, []);
    // root, packages, packages/app, py, src: none of the ignored folders was opened.
    assert.equal(reader.stats.foldersListed, 5);
  });

  it("lets a .gitignore re-include a default such as build/", async () => {
    const dir = await make({ ".gitignore": "!build/\n", "build/tool.ts": "source, not output", "dist/x.js": "x" });
    assert.deepEqual(pathsOf(await new WorkspaceReader(dir).scan()), [".gitignore", "build/tool.ts"]);
  });

  it("reads .git/info/exclude", async () => {
    const dir = await make({ ".git/info/exclude": "secret.txt\n", "secret.txt": "x", "nested/secret.txt": "x", "a.ts": "x" });
    assert.deepEqual(pathsOf(await new WorkspaceReader(dir).scan()), ["a.ts"]);
  });

  it("takes extra patterns, which override a .gitignore negation", async () => {
    const dir = await make({ ".gitignore": "!fixtures/\n", "a.ts": "1", "fixtures/b.ts": "2", "deep/fixtures/c.ts": "3", "x.snap": "4" });
    const reader = new WorkspaceReader(dir, { extraIgnores: ["fixtures/", "*.snap"] });
    assert.deepEqual(pathsOf(await reader.scan()), [".gitignore", "a.ts"]);
    // The workers pass the config's patterns per scan, since the config can change between scans.
    assert.deepEqual(pathsOf(await reader.scan(undefined, [])), [".gitignore", "a.ts", "deep/fixtures/c.ts", "fixtures/b.ts", "x.snap"]);
  });

  it("re-includes, from a deeper .gitignore, a folder a parent excluded, with its files", async () => {
    const dir = await make({
      ".gitignore": "generated/\n*.tmp\n",
      "pkg/.gitignore": "!generated/\n",
      "pkg/generated/api.ts": "kept",
      "pkg/generated/scratch.tmp": "still ignored by the root's *.tmp",
      "other/generated/api.ts": "ignored",
    });
    assert.deepEqual(pathsOf(await new WorkspaceReader(dir).scan()), [".gitignore", "pkg/.gitignore", "pkg/generated/api.ts"]);
  });

  it("applies a .gitignore in a folder whose name has glob characters or starts with ! or #", async () => {
    const names = ["[lib]", "#tmp", "!bang", "a*b", "sp ace"];
    const files: Record<string, string> = {};
    for (const name of names) {
      files[`${name}/.gitignore`] = "drop.ts\n";
      files[`${name}/drop.ts`] = "x";
      files[`${name}/keep.ts`] = "x";
    }
    files["l/drop.ts"] = "[lib]'s rules must not reach l/"; // `[lib]` unescaped would match `l`
    files["aXb/drop.ts"] = "nor a*b's reach aXb/";
    const snap = await new WorkspaceReader(await make(files)).scan();
    assert.deepEqual(pathsOf(snap), ["aXb/drop.ts", "l/drop.ts", ...names.flatMap((n) => [`${n}/.gitignore`, `${n}/keep.ts`])].sort());
  });

  it("rebases nested patterns as gitignore(5) anchors them", () => {
    assert.equal(rebasePattern("x.ts", "a"), "a/**/x.ts");
    assert.equal(rebasePattern("/x.ts", "a"), "a/x.ts");
    assert.equal(rebasePattern("x/y", "a/b"), "a/b/x/y");
    assert.equal(rebasePattern("cache/", "a"), "a/**/cache/");
    assert.equal(rebasePattern("!keep.log", "a"), "!a/**/keep.log");
    assert.equal(rebasePattern("\\#literal", "a"), "a/**/#literal");
    assert.equal(rebasePattern("**/deep", "a"), "a/**/deep");
    assert.equal(rebasePattern("# comment", "a"), null);
    assert.equal(rebasePattern("   ", "a"), null, "a blank line must not become a/**/ (everything)");
    assert.equal(rebasePattern("!", "a"), null);
  });

  it("matches folder-only patterns against folders only", () => {
    const rules = IgnoreRules.root([]).withGitignore("pkg", "cache/\n")!;
    assert.equal(rules.ignores("pkg/cache", true), true);
    assert.equal(rules.ignores("pkg/cache", false), false, "a file named cache is not a folder");
    assert.equal(rules.ignores("cache", true), false, "pkg's rules do not reach its parent");
    assert.equal(rules.ignores("pkg/a/node_modules", true), true);
  });

  it("covers the usual dependency, build, VCS and cache folders", () => {
    for (const name of ["node_modules/", "dist/", "build/", "out/", ".git/", ".hg/", ".svn/", ".autocoder/", "vendor/", "coverage/", ".next/", ".nuxt/", "__pycache__/", ".venv/", "venv/", ".tox/", ".mypy_cache/", ".pytest_cache/", "target/", "*.min.js", "*.map"]) {
      assert.ok(DEFAULT_IGNORES.includes(name), name);
    }
  });
});
