import { pythonCalls } from "../../analysis/facts/pythonCalls";
import { offsetOf, type FixMaker } from "./mechanicalFix";
import { SHELL_INERT } from "./shellOptionRemoved";

/**
 * `subprocess.run(["prog", "arg"], shell=True)` → without `shell=True`. With a list and a shell,
 * POSIX runs only the first item as the command line and hands the rest to the shell itself, so
 * the arguments never reached the program; without the shell they do, as the list says.
 * Only for lists of plain-word string literals.
 */
export const pythonShellRemoved: FixMaker = ({ finding, file }) => {
  if (finding?.rule !== "command-injection" || !file.file.path.endsWith(".py")) return null;
  const text = file.file.text;
  const at = offsetOf(text, finding.range.start.line, finding.range.start.column);
  const call = pythonCalls(file).find((c) => c.start === at && /^subprocess\.(run|call|check_call|check_output|Popen)$/.test(c.callee));
  const shell = call?.keywords.get("shell");
  const list = call?.args[0];
  if (!call || !shell || shell.text !== "True" || !list || list.type !== "list") return null;
  const words = list.namedChildren.filter((n) => n && n.type !== "comment");
  if (words.length === 0 || !words.every((n) => n!.type === "string" && /^(["'])(.*)\1$/.test(n!.text) && SHELL_INERT.test(n!.text.slice(1, -1)))) return null;
  const keyword = shell.parent!;
  const before = text.slice(0, keyword.startIndex);
  const comma = before.search(/,\s*$/);
  if (comma === -1) return null;
  return {
    id: "python-shell-removed",
    description: `Drop shell=True from ${call.callee}: the program and its ${words.length - 1} argument(s) are plain words in a list, run as listed (with a shell, POSIX passed only the first to the command line).`,
    file: file.file.path,
    before: text,
    after: text.slice(0, comma) + text.slice(keyword.endIndex),
  };
};
