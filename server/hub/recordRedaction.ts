import { findSecrets, holdsSecretFragment, scrub, type SecretHit } from "../analysis/facts/secrets";
import { languageOf } from "../workspace";
import type { IterationRecord } from "../protocol";
import type { WorkspaceSnapshot } from "../workspace";

const WITHHELD = "(withheld: the text holds a secret)";

/**
 * The secret values in the workspace, as the security perspective finds them, plus the
 * server's own tokens. Kept per file version (path and content hash), so a file edited to
 * drop a key stops contributing it and a rescan of an unchanged file costs nothing.
 */
export class SecretRegister {
  private readonly byFile = new Map<string, { hash: string; hits: SecretHit[] }>();
  private readonly fixed: SecretHit[];

  constructor(ownSecrets: readonly string[]) {
    this.fixed = ownSecrets.filter((s) => s.length >= 8).map((value) => ({ kind: "server token", start: 0, end: value.length, value, name: null }));
  }

  observe(snapshot: WorkspaceSnapshot): void {
    const seen = new Set<string>();
    for (const file of snapshot.files) {
      seen.add(file.path);
      if (this.byFile.get(file.path)?.hash === file.hash) continue;
      this.byFile.set(file.path, { hash: file.hash, hits: findSecrets(file.text, languageOf(file.path) !== "other") });
    }
    for (const path of this.byFile.keys()) if (!seen.has(path)) this.byFile.delete(path);
  }

  secrets(): SecretHit[] {
    return [...this.fixed, ...[...this.byFile.values()].flatMap((f) => f.hits)];
  }
}

/**
 * Pure: the record with every string searched for secrets: the known values (replaced by
 * their redacted form) and any value of a known token format, wherever it came from (a plan's
 * argument, generated code). A string that still holds a fragment of a secret is withheld.
 */
export function redactRecord<T extends IterationRecord>(record: T, known: readonly SecretHit[]): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return redactText(value, known);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(record) as T;
}

function redactText(text: string, known: readonly SecretHit[]): string {
  if (text.length < 8) return text;
  const found = findSecrets(text, true);
  // Most strings hold nothing: the fragment test is the cheap way to know before any replacing.
  if (found.length === 0 && !holdsSecretFragment(text, known)) return text;
  const secrets = found.length ? [...known, ...found] : known;
  const scrubbed = scrub(text, secrets);
  return holdsSecretFragment(scrubbed, secrets) ? WITHHELD : scrubbed;
}
