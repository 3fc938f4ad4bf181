import { execFile } from "node:child_process";
import { apiEntry, unitsOf, type ApiBaseline } from "../planning";
import type { TestPlan } from "../protocol";
import { parseFile, type ParsedFile } from "../workspace";

function git(root: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", ["-C", root, ...args], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => resolve(err ? null : String(stdout)));
  });
}

/**
 * The exported API at git HEAD: the current units for files git says are unchanged, and the
 * units of HEAD's version for changed or deleted ones. Null when the folder is not a git
 * checkout or has no commit yet — then the previous iteration is the baseline.
 */
export async function gitHeadBaseline(root: string, files: readonly ParsedFile[]): Promise<ApiBaseline | null> {
  const changed = await git(root, ["diff", "--name-only", "--relative", "--no-renames", "HEAD", "--"]);
  if (changed === null) return null;
  const untracked = new Set(((await git(root, ["ls-files", "--others", "--exclude-standard"])) ?? "").split("\n").filter(Boolean));
  const touched = new Set(changed.split("\n").filter(Boolean));
  const entries = files.filter((f) => !touched.has(f.file.path) && !untracked.has(f.file.path)).flatMap((f) => unitsOf(f).map(apiEntry));
  for (const path of touched) {
    if (!/\.([cm]?[jt]sx?|py)$/.test(path)) continue;
    const text = await git(root, ["show", `HEAD:./${path}`]);
    if (text === null) continue; // added since HEAD: nothing to compare with
    const before = parseFile({ path, text, size: text.length, mtimeMs: 0, hash: `HEAD:${path}` });
    entries.push(...unitsOf(before).map(apiEntry));
  }
  return { source: "git HEAD", entries };
}

/** The previous iteration's plans as a baseline, for folders that are not git checkouts. */
export function previousIterationBaseline(plans: readonly TestPlan[]): ApiBaseline | null {
  if (plans.length === 0) return null;
  return {
    source: "the previous iteration",
    entries: plans.map((p) => ({ id: p.id.replace(/^plan:/, ""), file: p.unit.file, name: p.unit.name, signature: p.unit.signature, params: p.unit.params })),
  };
}
