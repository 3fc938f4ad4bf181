import { redact } from "../../facts/secrets";
import type { FileRule } from "../../rule";

/** Credentials written into files: they end up in every clone, backup and log of the repository. */
export const hardcodedSecret: FileRule = {
  id: "hardcoded-secret",
  perspective: "security",
  description: "Keys, tokens, passwords and private keys written into files.",
  languages: ["typescript", "javascript", "python", "other"],
  check({ file, facts }) {
    const seen = new Map<string, number>();
    return facts.secrets.map((s) => {
      const base = `${s.kind}:${s.name ?? ""}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const line = file.file.text.slice(file.file.text.lastIndexOf("\n", s.start - 1) + 1).split("\n")[0]!;
      return {
        anchor: n === 1 ? base : `${base}#${n}`,
        start: s.start,
        end: s.end,
        severity: "error" as const,
        message: `${s.kind[0]!.toUpperCase()}${s.kind.slice(1)} in the source${s.name ? ` (${s.name})` : ""}: ${redact(s.value)}`,
        evidence: line.trim().slice(0, 200),
        suggestion:
          "Revoke and rotate it now — it is in the history of every clone — then read it from the environment or a secret store, and keep .env files out of git.",
        data: { kind: s.kind, redacted: redact(s.value), length: s.value.length, ...(s.name ? { name: s.name } : {}) },
      };
    });
  },
};
