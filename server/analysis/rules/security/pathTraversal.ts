import { calleeName, calleeObject, syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

const FS_CALLS = /^(readFile|readFileSync|writeFile|writeFileSync|appendFile|appendFileSync|createReadStream|createWriteStream|open|openSync|unlink|unlinkSync|rm|rmSync|readdir|readdirSync|stat|statSync|access|accessSync|copyFile|copyFileSync|rename|renameSync|mkdir|mkdirSync|sendFile|download|join|resolve)$/;
const REQUEST_DATA = /\b(req|request)\.(params|query|body|headers|url|path|cookies)\b|\bctx\.(params|query|request)\b|\bevent\.(queryStringParameters|pathParameters|body)\b/;

/** A file path taken from a request: `../` in it walks out of the folder the code meant. */
export const pathTraversal: FileRule = {
  id: "path-traversal",
  perspective: "security",
  description: "File system calls whose path comes from request data.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    for (const { node, owner } of index.calls) {
      const name = calleeName(node);
      if (!name || !FS_CALLS.test(name)) continue;
      const object = calleeObject(node, index.source) ?? "";
      if ((name === "join" || name === "resolve") && !/(^|\.)path$/.test(object)) continue;
      const tainted = node.arguments.find((a) => REQUEST_DATA.test(a.getText(index.source)));
      if (!tainted) continue;
      out.push(atNode(node, index.source, `${name}@${owner ?? "module"}`, seen, {
        severity: "error",
        message: `${object ? `${object}.` : ""}${name} takes a path from request data: a value such as ../../etc/passwd reaches files outside the folder meant.`,
        suggestion: "Resolve the path against a fixed root and refuse it unless the result is still inside that root (path.resolve + startsWith(root + path.sep)); better, map ids to paths you chose.",
        data: { call: name },
      }));
    }
    return out;
  },
};
