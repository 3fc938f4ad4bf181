import ignore, { type Ignore } from "ignore";

/** Never worth reading: dependencies, build output, VCS internals, caches, our own data. */
export const DEFAULT_IGNORES: readonly string[] = [
  "node_modules/",
  "bower_components/",
  "jspm_packages/",
  "dist/",
  "build/",
  "out/",
  "coverage/",
  ".nyc_output/",
  ".git/",
  ".hg/",
  ".svn/",
  ".autocoder/",
  "vendor/",
  ".next/",
  ".nuxt/",
  ".turbo/",
  ".cache/",
  ".parcel-cache/",
  "__pycache__/",
  ".venv/",
  "venv/",
  ".tox/",
  ".mypy_cache/",
  ".pytest_cache/",
  ".ruff_cache/",
  "*.egg-info/",
  "target/",
  "*.min.js",
  "*.min.css",
  "*.map",
];

/**
 * The ignore rules in force in one folder: the defaults, the root's extra patterns and every
 * `.gitignore` from the root down to this folder, each applied relative to its own folder as
 * git does.
 */
export class IgnoreRules {
  private constructor(private readonly layers: readonly { base: string; matcher: Ignore }[]) {}

  static root(extraPatterns: readonly string[]): IgnoreRules {
    return new IgnoreRules([{ base: "", matcher: ignore().add([...DEFAULT_IGNORES, ...extraPatterns]) }]);
  }

  /** Rules for a subfolder `dir` (relative to the root) that has a `.gitignore` with `content`. */
  withGitignore(dir: string, content: string): IgnoreRules {
    return new IgnoreRules([...this.layers, { base: dir, matcher: ignore().add(content) }]);
  }

  /**
   * `rel` is relative to the root with `/`; folders are matched with a trailing slash. As in
   * git, the deepest file with an opinion wins, so `!pattern` below re-includes what a parent
   * excluded.
   */
  ignores(rel: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const { base, matcher } of this.layers) {
      const local = base === "" ? rel : rel.slice(base.length + 1);
      const verdict = matcher.test(isDirectory ? `${local}/` : local);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}
