export interface SecretHit {
  kind: string;
  /** Offsets of the secret value itself. */
  start: number;
  end: number;
  value: string;
  /** The name it is assigned to, when there is one (`apiKey = "…"`). */
  name: string | null;
}

const PATTERNS: { kind: string; re: RegExp }[] = [
  { kind: "AWS access key ID", re: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/g },
  { kind: "GitHub token", re: /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g },
  { kind: "Hugging Face token", re: /\b(hf_[A-Za-z0-9]{30,})\b/g },
  { kind: "Slack token", re: /\b(xox[abposr]-[A-Za-z0-9-]{10,})\b/g },
  { kind: "Slack webhook URL", re: /(https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+)/g },
  { kind: "Stripe secret key", re: /\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,})\b/g },
  { kind: "Google API key", re: /\b(AIza[0-9A-Za-z_-]{35})\b/g },
  { kind: "private key", re: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|$))/g },
];

// `name = "value"`, `name: "value"`, `NAME=value` (env files) with a secret-like name.
const ASSIGNED = /(?<![\w$])([\w$-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?)[\w$-]*)["']?\s*(?::|=|:=)\s*(?:["'`]([^"'`\s]{12,})["'`]|([^\s"'`,;#]{16,})$)/gim;

const PLACEHOLDER = /^(?:x+|\*+|changeme|change[-_]?me|your[-_].*|<.*>|\$\{.*\}|\{\{.*\}\}|%.*%|example.*|dummy.*|test.*|fake.*|placeholder.*|redacted.*|null|undefined|true|false)$/i;

/**
 * Pure: the secrets in a text, located. Known formats by pattern; others by a secret-like name
 * and high entropy. In code only quoted values count (an unquoted right-hand side there is an
 * expression such as `process.env.KEY`); in env and config files bare values count too.
 */
export function findSecrets(text: string, isCode: boolean): SecretHit[] {
  const hits: SecretHit[] = [];
  const taken = (start: number, end: number) => hits.some((h) => start < h.end && h.start < end);
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const value = m[1]!;
      const start = m.index + m[0].indexOf(value);
      if (!taken(start, start + value.length)) hits.push({ kind, start, end: start + value.length, value, name: null });
    }
  }
  for (const m of text.matchAll(ASSIGNED)) {
    if (m[2] === undefined && isCode) continue;
    const value = m[2] ?? m[3]!;
    const start = m.index + m[0].lastIndexOf(value);
    if (taken(start, start + value.length) || PLACEHOLDER.test(value) || !looksRandom(value)) continue;
    hits.push({ kind: "high-entropy secret", start, end: start + value.length, value, name: m[1]! });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** A secret shown without its value: the first 4 characters and the length. */
export function redact(value: string): string {
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

/** Replaces every known secret value in a text (in any letter case) with its redacted form. */
export function scrub(text: string, secrets: readonly SecretHit[]): string {
  let out = text;
  for (const s of secrets) {
    // A value spanning lines (a key block) is replaced line by line, as evidence shows one line.
    for (const part of [s.value, ...s.value.split(/\r?\n/)]) {
      if (part.length < 8) continue;
      out = out.replace(new RegExp(escapeRegExp(part), "gi"), redact(part));
    }
  }
  return out;
}

/**
 * True when a text still holds 8 or more characters of a secret (a truncated or re-cased
 * fragment that whole-value replacement cannot see): such a field is withheld, not patched.
 */
export function holdsSecretFragment(text: string, secrets: readonly SecretHit[]): boolean {
  const lower = text.toLowerCase();
  for (const s of secrets) {
    const value = s.value.toLowerCase();
    for (let i = 0; i + 8 <= value.length; i += 4) {
      const chunk = value.slice(i, i + 8);
      if (!/\s/.test(chunk) && lower.includes(chunk)) return true;
    }
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Shannon entropy per character, and a mix of character classes: words and paths are not secrets. */
export function looksRandom(value: string): boolean {
  if (/^[a-z]+([-_ ][a-z]+)*$/i.test(value) || /^[./\w-]+\.(js|ts|json|py|txt|md|html|css)$/i.test(value)) return false;
  if (/^(https?:)?\/\//.test(value) && !/[:@][^/]*@/.test(value)) return false;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / value.length) * Math.log2(n / value.length);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(value)).length;
  return entropy >= 3.5 && classes >= 2;
}
