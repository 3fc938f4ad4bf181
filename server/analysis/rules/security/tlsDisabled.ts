import * as ts from "typescript";
import { syntaxIndex } from "../../facts/syntaxIndex";
import type { FileRule, RuleReport } from "../../rule";
import { atNode } from "../nodeReport";

/** Certificate checks switched off: anyone on the path can read and change the traffic. */
export const tlsDisabled: FileRule = {
  id: "tls-verification-disabled",
  perspective: "security",
  description: "rejectUnauthorized: false, strictSSL: false, NODE_TLS_REJECT_UNAUTHORIZED=0.",
  languages: ["typescript", "javascript"],
  check({ file }) {
    const index = syntaxIndex(file);
    if (!index) return [];
    const seen = new Map<string, number>();
    const out: RuleReport[] = [];
    const fields = {
      severity: "error" as const,
      message: "TLS certificate verification is switched off: a man in the middle can read and alter this traffic.",
      suggestion: "Keep verification on; for a private CA pass its certificate (the `ca` option or NODE_EXTRA_CA_CERTS) instead.",
    };
    for (const { node, owner } of index.properties) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : "";
      if ((name === "rejectUnauthorized" || name === "strictSSL") && node.initializer.kind === ts.SyntaxKind.FalseKeyword) {
        out.push(atNode(node, index.source, `${name}@${owner ?? "module"}`, seen, { ...fields, data: { setting: name } }));
      }
    }
    for (const { node, owner } of index.assignments) {
      if (/NODE_TLS_REJECT_UNAUTHORIZED/.test(node.left.getText(index.source)) && /^["'`]?0["'`]?$/.test(node.right.getText(index.source))) {
        out.push(atNode(node, index.source, `NODE_TLS_REJECT_UNAUTHORIZED@${owner ?? "module"}`, seen, { ...fields, data: { setting: "NODE_TLS_REJECT_UNAUTHORIZED" } }));
      }
    }
    return out;
  },
};
