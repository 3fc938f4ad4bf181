import * as ts from "typescript";
import { syntaxIndex } from "../../analysis/facts/syntaxIndex";
import { offsetOf, type FixMaker } from "./mechanicalFix";

/** Words a shell passes through unchanged: no spaces, quotes, globs, variables or operators. */
export const SHELL_INERT = /^[A-Za-z0-9_@%+=:,./-]+$/;
const TAKES_ARGS = new Set(["spawn", "spawnSync", "execFile", "execFileSync"]);

/**
 * Drops `shell: true` from spawn/execFile calls whose program and arguments are all literal words
 * a shell would pass through unchanged: the same program runs with the same arguments, and no
 * shell stands between them any more.
 */
export const shellOptionRemoved: FixMaker = ({ finding, file }) => {
  const call = (finding?.data as { call?: string; shell?: boolean } | undefined)?.call;
  if (finding?.rule !== "command-injection" || !call || !TAKES_ARGS.has(call)) return null;
  const index = syntaxIndex(file);
  if (!index) return null;
  const text = file.file.text;
  const at = offsetOf(text, finding.range.start.line, finding.range.start.column);
  const node = index.calls.find((c) => c.node.getStart(index.source) === at)?.node;
  if (!node) return null;
  const [command, args, options] = node.arguments;
  if (!command || !ts.isStringLiteralLike(command) || !SHELL_INERT.test(command.text)) return null;
  if (!args || !ts.isArrayLiteralExpression(args) || !args.elements.every((e) => ts.isStringLiteralLike(e) && SHELL_INERT.test(e.text))) return null;
  if (!options || !ts.isObjectLiteralExpression(options) || node.arguments.length !== 3) return null;
  const shell = options.properties.find((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "shell" && p.initializer.kind === ts.SyntaxKind.TrueKeyword);
  if (!shell || options.properties.filter((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "shell").length !== 1) return null;
  const props = options.properties;
  const i = props.indexOf(shell);
  // The whole options object goes when shell was all it held; otherwise the property and one comma.
  const [from, to] =
    props.length === 1 ? [args.end, options.end] : i < props.length - 1 ? [shell.getStart(index.source), props[i + 1]!.getStart(index.source)] : [props[i - 1]!.end, shell.end];
  return {
    id: "shell-option-removed",
    description: `Drop shell: true from ${call}: "${command.text}" and its ${args.elements.length} argument(s) are plain words, so they reach the program unchanged without a shell in between.`,
    file: file.file.path,
    before: text,
    after: text.slice(0, from) + text.slice(to),
  };
};
