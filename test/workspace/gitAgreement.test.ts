import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { WorkspaceReader } from "../../server/workspace";
import { useTempDirs } from "./workspaceFixtures";

function gitAvailable(): boolean {
  try {
    execFileSync("git", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The files git itself would offer to add: untracked and not ignored, with no user-level config in play. */
function gitVisibleFiles(dir: string): string[] {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  execFileSync("git", ["init", "-q"], { cwd: dir, env });
  const out = execFileSync("git", ["-c", "core.excludesFile=/dev/null", "ls-files", "--others", "--exclude-standard", "-z"], { cwd: dir, env });
  return out.toString("utf8").split("\0").filter(Boolean).sort();
}

describe("ignore rules agree with git", () => {
  const make = useTempDirs();

  it("keeps exactly the files `git ls-files --others --exclude-standard` lists", async function () {
    if (!gitAvailable()) this.skip();
    const dir = await make({
      ".gitignore": "*.log\n!*.important.log\n/top-only.ts\ndocs/*\n!docs/keep.md\nlogs/\n!logs/keep.txt\n**/tmp/**\ngenerated/\n",
      "plain.ts": "x",
      "top-only.ts": "x",
      "sub/top-only.ts": "x",
      "a.log": "x",
      "b.important.log": "x",
      "docs/x.md": "x",
      "docs/keep.md": "x",
      "docs/sub/y.md": "x",
      "logs/keep.txt": "x",
      "src/tmp/a.ts": "x",
      "src/tmpx/a.ts": "x",
      "generated/g.ts": "x",
      "pkg/.gitignore": "local.ts\n/anchored.ts\nnested/dir/\n!generated/\n*.gen\n!keep.gen\n# comment\n\n",
      "pkg/local.ts": "x",
      "pkg/deeper/local.ts": "x",
      "pkg/anchored.ts": "x",
      "pkg/deeper/anchored.ts": "x",
      "pkg/nested/dir/z.ts": "x",
      "pkg/other/nested/dir/z.ts": "x",
      "pkg/a.gen": "x",
      "pkg/keep.gen": "x",
      "pkg/generated/g.ts": "x",
      "pkg/sub/.gitignore": "!local.ts\n",
      "pkg/sub/local.ts": "x",
      "pkg/sub/b.gen": "x",
      "sp ace/.gitignore": "x.ts\n",
      "sp ace/x.ts": "x",
      "sp ace/y.ts": "x",
      "[lib]/.gitignore": "*.tmp\n",
      "[lib]/a.tmp": "x",
      "[lib]/b.ts": "x",
      "l/a.tmp": "x",
      "secret.env": "x",
      "pkg/secret.env": "x",
    });
    const expected = gitVisibleFiles(dir);
    execFileSync("sh", ["-c", "printf 'secret.env\\n' >> .git/info/exclude"], { cwd: dir });
    const withExclude = gitVisibleFiles(dir);
    assert.ok(expected.length > 15 && withExclude.length === expected.length - 2, "the fixture exercises git");
    const snap = await new WorkspaceReader(dir).scan();
    assert.deepEqual(snap.skipped, []);
    assert.deepEqual(snap.files.map((f) => f.path), withExclude);
  });
});
