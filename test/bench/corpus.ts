import { execFileSync } from "node:child_process";
import { existsSync, promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Pinned so figures stay comparable between runs; nothing here is committed, all is installed. */
export const PINS = {
  corpus: { name: "effect", version: "3.22.4", sourceDir: "src" },
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

export interface BenchDirs {
  root: string;
  /** The corpus copied out of node_modules (tools skip node_modules by default). */
  corpus: string;
}

/** Installs the corpus and the tools a user would otherwise run into a reusable temp folder. */
export async function prepare(log: (line: string) => void): Promise<BenchDirs> {
  const key = [PINS.corpus.name, PINS.corpus.version, ...Object.entries(PINS.tools).map(([n, v]) => `${n}@${v}`)].join("_");
  const root = path.join(os.tmpdir(), "autocoder-bench", key.replace(/[^\w.@-]/g, "_"));
  const corpus = path.join(root, "corpus", PINS.corpus.name);
  if (!existsSync(path.join(root, "ready"))) {
    log(`installing ${PINS.corpus.name}@${PINS.corpus.version} and the comparison tools into ${root} …`);
    await fs.rm(root, { recursive: true, force: true });
    await fs.mkdir(root, { recursive: true });
    await fs.writeFile(path.join(root, "package.json"), JSON.stringify({ name: "autocoder-bench", private: true }));
    const specs = [`${PINS.corpus.name}@${PINS.corpus.version}`, ...Object.entries(PINS.tools).map(([n, v]) => `${n}@${v}`)];
    // madge 8 declares a TypeScript 5 peer range; it only uses the parser, which 6.0 keeps.
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--legacy-peer-deps", ...specs], { cwd: root, stdio: "ignore" });
    await fs.cp(path.join(root, "node_modules", PINS.corpus.name, PINS.corpus.sourceDir), corpus, { recursive: true });
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
    await fs.writeFile(
      path.join(root, ".secretlintrc.json"),
      JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }),
    );
    await fs.writeFile(path.join(root, "ready"), new Date().toISOString());
  }
  return { root, corpus };
}
