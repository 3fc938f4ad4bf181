import * as ts from "typescript";
import { loopContext } from "../../facts/loopContext";
import type { FileRule, RuleReport } from "../../rule";
import { isDevelopmentFile } from "../../facts/manifests";
import { atNode } from "../nodeReport";

const SYNC_IO = /^(readFileSync|writeFileSync|appendFileSync|readdirSync|statSync|lstatSync|existsSync|mkdirSync|rmSync|unlinkSync|copyFileSync|renameSync|accessSync|openSync|readSync|writeSync|execSync|execFileSync|spawnSync)$/;

/** Blocking I/O where the event loop is shared: every other request and timer waits. */
export const syncIoInAsync: FileRule = {
  id: "sync-io-in-async",
  perspective: "performance",
  description: "Synchronous fs or child_process calls inside async functions or request handlers.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const ctx = loopContext(file);
    if (!ctx) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, fn } of ctx.calls) {
      if (!fn || !(fn.async || fn.handler)) continue;
      const name = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : "";
      if (!SYNC_IO.test(name)) continue;
      const where = fn.handler ? "a request handler" : "an async function";
      out.push(atNode(node, ctx.source, name, seen, {
        severity: isDevelopmentFile(file.file.path) ? "info" : "warning",
        message: `${name} blocks the event loop inside ${where}: while it runs, every other request and timer waits.`,
        suggestion: `Use the promise form (fs.promises.${name.replace(/Sync$/, "")}, or execFile with util.promisify) and await it.`,
        data: { call: name, context: fn.handler ? "handler" : "async" },
      }));
    }
    return out;
  },
};
