import { execFileSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Files above this are skipped by `analyze` (its default --max-file-bytes): removed from every corpus copy, so all tools read the same files. */
const MAX_FILE_BYTES = 1_000_000;

/** Pinned so figures stay comparable between runs; nothing here is committed, all is installed. */
export const PINS = {
  corpora: {
    /** Mid-size TypeScript: effect's own source. */
    mid: { name: "effect", version: "3.22.4", sourceDir: "src" },
    /**
     * Large JS + TS: TensorFlow.js core as published (ES modules compiled from TypeScript, with
     * their declarations): 1,748 files and 16.8 MB under 1 MB each, past the 1,500 files
     * and 15 MB, which monaco-editor's esm (1,237 files, 11.0 MB) fell short of.
     */
    large: { name: "@tensorflow/tfjs-core", version: "4.22.0", sourceDir: "dist" },
  },
  tools: {
    eslint: "10.15.0",
    "typescript-eslint": "8.73.0",
    jscpd: "4.3.0",
    madge: "8.0.0",
    secretlint: "13.0.6",
    "@secretlint/secretlint-rule-preset-recommend": "13.0.7",
    typescript: "6.0.3",
  },
} as const;

/** Python from Debian's packages on this machine; its contents are whatever they installed, so the bench records its size. */
export const PYTHON_CORPUS = "/usr/lib/python3/dist-packages";

export type CorpusId = keyof typeof PINS.corpora | "python";

export interface BenchDirs {
  root: string;
  /** Each corpus copied out of node_modules (tools skip node_modules by default); python only when this machine has it. */
  corpora: Partial<Record<CorpusId, string>>;
  /** Files over the size limit left out of the copies, per corpus. */
  removed: Partial<Record<CorpusId, string[]>>;
}

/** Installs the corpora and the tools a user would otherwise run into a reusable temp folder. */
export async function prepare(log: (line: string) => void): Promise<BenchDirs> {
  const specs = [...Object.values(PINS.corpora).map((c) => `${c.name}@${c.version}`), ...Object.entries(PINS.tools).map(([n, v]) => `${n}@${v}`)];
  const root = path.join(os.tmpdir(), "autocoder-bench", specs.join("_").replace(/[^\w.@-]/g, "_").slice(0, 200));
  const corpora: BenchDirs["corpora"] = {};
  const removed: BenchDirs["removed"] = {};
  for (const id of Object.keys(PINS.corpora) as (keyof typeof PINS.corpora)[]) corpora[id] = path.join(root, "corpus", id);
  if (existsSync(PYTHON_CORPUS)) corpora.python = path.join(root, "corpus", "python");
  if (!existsSync(path.join(root, "ready"))) {
    log(`installing ${specs.join(" ")} into ${root} …`);
    await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(root, { recursive: true });
    await fs.writeFile(path.join(root, "package.json"), JSON.stringify({ name: "autocoder-bench", private: true }));
    // madge 8 declares a TypeScript 5 peer range; it only uses the parser, which 6.0 keeps.
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", ...specs], { cwd: root, stdio: "ignore" });
    for (const [id, pin] of Object.entries(PINS.corpora)) {
      await fs.cp(path.join(root, "node_modules", pin.name, pin.sourceDir), corpora[id as CorpusId]!, { recursive: true });
    }
    if (corpora.python) await fs.cp(PYTHON_CORPUS, corpora.python, { recursive: true, dereference: false, verbatimSymlinks: true });
    await fs.writeFile(
      path.join(root, "eslint.config.mjs"),
      [
        'import tseslint from "typescript-eslint";',
        "export default [{",
        '  files: ["**/*.ts", "**/*.tsx", "**/*.js"],',
        "  languageOptions: { parser: tseslint.parser },",
        '  rules: { complexity: ["error", 10] },',
        "}];",
      ].join("\n"),
    );
    await fs.writeFile(path.join(root, ".secretlintrc.json"), JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
    for (const [id, dir] of Object.entries(corpora)) {
      const big = await dropLargeFiles(dir);
      await fs.writeFile(path.join(root, `removed-${id}.json`), JSON.stringify(big));
    }
    await fs.writeFile(path.join(root, "ready"), new Date().toISOString());
  }
  for (const id of Object.keys(corpora) as CorpusId[]) {
    removed[id] = JSON.parse(await fs.readFile(path.join(root, `removed-${id}.json`), "utf8").catch(() => "[]")) as string[];
  }
  return { root, corpora, removed };
}

async function dropLargeFiles(dir: string): Promise<string[]> {
  const dropped: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await fs.stat(file)).size > MAX_FILE_BYTES) {
      dropped.push(path.relative(dir, file));
      await fs.rm(file);
    }
  }
  return dropped.sort();
}
