// Child process of the bench: TypeScript's parser and a full walk over every file, nothing else,
// as the baseline "how long does reading these files as trees take".
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

async function main(root: string): Promise<void> {
  let nodes = 0;
  const walk = (node: ts.Node): void => {
    nodes++;
    node.forEachChild(walk);
  };
  for (const entry of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    walk(ts.createSourceFile(file, await fs.readFile(file, "utf8"), ts.ScriptTarget.Latest, false));
  }
  process.stdout.write(`${nodes}\n`);
}

void main(process.argv[2]!);
