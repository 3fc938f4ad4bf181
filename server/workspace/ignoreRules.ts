import ignore, { type Ignore } from "ignore";

/** Never worth reading: dependencies, build output, VCS internals, caches, editor state, our own data. */
export const DEFAULT_IGNORES: readonly string[] = [
  // dependencies
  "node_modules/",
  "bower_components/",
  "jspm_packages/",
  "vendor/",
  ".pnpm-store/",
  ".yarn/",
  // build output
  "dist/",
  "build/",
  "out/",
  "target/",
  ".next/",
  ".nuxt/",
  ".svelte-kit/",
  ".angular/",
  ".turbo/",
  ".gradle/",
  ".terraform/",
  "*.egg-info/",
  "*.min.js",
  "*.min.css",
  "*.map",
  // version control
  ".git/",
  ".hg/",
  ".svn/",
  // caches and virtual environments
  "coverage/",
  ".nyc_output/",
  ".cache/",
  ".parcel-cache/",
  "__pycache__/",
  ".venv/",
  "venv/",
  ".tox/",
  ".mypy_cache/",
  ".pytest_cache/",
  ".ruff_cache/",
  // editor and OS litter
  ".idea/",
  ".DS_Store",
  "Thumbs.db",
  // Autocoder's own data
  ".autocoder/",
];

// A scan must never throw over one odd file name, which the package's strict path check would do.
const compile = (patterns: readonly string[]): Ignore => ignore({ allowRelativePaths: true }).add([...patterns]);

/**
 * The ignore rules in force in one folder, as one ordered list of patterns relative to the
 * root. Precedence, lowest first: the defaults, `.git/info/exclude`, then every `.gitignore`
 * from the root down to this folder; the last matching pattern wins, so a deeper `!pattern`
 * re-includes what a parent or a default excluded, as in git.
 *
 * A nested `.gitignore` is rebased onto its folder (in folder `a`, `x` becomes "`x` at any depth
 * below `a`", `/x` and `x/y` become `a/x` and `a/x/y`) instead of being kept as a separate
 * matcher tested with paths relative to it: separate matchers each judge a path's parent
 * folders on their own, so a folder excluded by one and re-included by a later one would still
 * hide its files.
 *
 * The extra patterns (command line, workspace config) are the user's word to this tool, so
 * they are asked last and override every `.gitignore`.
 */
export class IgnoreRules {
  private compiled: Ignore | null = null;
  /**
   * Compiling patterns and matching paths against them is most of a warm scan's time, so a
   * reader keeps one tree of rules across scans: each folder's rules are rebuilt only when its
   * `.gitignore` changes, and each matcher remembers the paths it has judged.
   */
  private readonly children = new Map<string, { content: string; rules: IgnoreRules | null }>();

  private constructor(
    private readonly patterns: readonly string[],
    private readonly last: Ignore | null,
  ) {}

  static root(extraPatterns: readonly string[] = []): IgnoreRules {
    return new IgnoreRules(DEFAULT_IGNORES, extraPatterns.length > 0 ? compile(extraPatterns) : null);
  }

  /**
   * Rules for folder `dir` (relative to the root, "" for the root) whose ignore file holds
   * `content`. Null when the folder's name cannot be written in a pattern (a line break).
   */
  withGitignore(dir: string, content: string): IgnoreRules | null {
    const known = this.children.get(dir);
    if (known && known.content === content) return known.rules;
    const rules = this.extendedWith(dir, content);
    this.children.set(dir, { content, rules });
    return rules;
  }

  private extendedWith(dir: string, content: string): IgnoreRules | null {
    if (/[\r\n]/.test(dir)) return null;
    const lines = content.split(/\r?\n/);
    const added = dir === "" ? lines : lines.flatMap((line) => rebasePattern(line, dir) ?? []);
    return added.length === 0 ? this : new IgnoreRules([...this.patterns, ...added], this.last);
  }

  /** `rel` is relative to the root with `/`; its parent folders are known not to be ignored. */
  ignores(rel: string, isDirectory: boolean): boolean {
    const tested = isDirectory ? `${rel}/` : rel; // the trailing slash is what lets `name/` patterns match
    this.compiled ??= compile(this.patterns);
    let ignored = this.compiled.test(tested).ignored;
    if (this.last) {
      const verdict = this.last.test(tested);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}

/**
 * Pure: one `.gitignore` line of folder `dir`, as a pattern relative to the root; null for
 * blank lines and comments. Following gitignore(5): a pattern with a slash before its end is
 * anchored to its folder, one without matches at any depth below it.
 */
export function rebasePattern(line: string, dir: string): string | null {
  if (/^ *$/.test(line) || line.startsWith("#")) return null;
  const negation = line.startsWith("!") ? "!" : "";
  let body = negation ? line.slice(1) : line;
  if (/^ *$/.test(body)) return null;
  // A leading `\#` or `\!` only escaped its position at the start; inside the rebased pattern
  // the character is literal anyway.
  if (body.startsWith("\\#") || body.startsWith("\\!")) body = body.slice(1);
  const anchored = body.replace(/\/+$/, "").includes("/");
  const base = escapeGlob(dir);
  return anchored ? `${negation}${base}/${body.replace(/^\/+/, "")}` : `${negation}${base}/**/${body}`;
}

/** A folder path as a pattern that matches exactly it: glob characters escaped, and a leading `!` or `#`. */
function escapeGlob(dir: string): string {
  return dir.replace(/[\\*?[\]]/g, "\\$&").replace(/^[!#]/, "\\$&");
}
