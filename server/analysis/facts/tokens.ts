import * as ts from "typescript";

// `import * as ts` of a CommonJS module reads every property through a getter; the walk
// touches these for every node, so take the enum once.
const SK = ts.SyntaxKind;
import type { ParsedFile } from "../../workspace";

/** A file's tokens without whitespace and comments: what copy-paste detection compares. */
export interface TokenStream {
  texts: string[];
  starts: Int32Array;
  ends: Int32Array;
  /** 32-bit FNV-1a of each token's text. */
  hashes: Uint32Array;
}

// After these a `/` starts a division, elsewhere a regular expression (as parsers decide it).
const ENDS_EXPRESSION = new Set<ts.SyntaxKind>([
  SK.Identifier,
  SK.PrivateIdentifier,
  SK.NumericLiteral,
  SK.BigIntLiteral,
  SK.StringLiteral,
  SK.RegularExpressionLiteral,
  SK.NoSubstitutionTemplateLiteral,
  SK.TemplateTail,
  SK.CloseParenToken,
  SK.CloseBracketToken,
  SK.CloseBraceToken,
  SK.ThisKeyword,
  SK.SuperKeyword,
  SK.TrueKeyword,
  SK.FalseKeyword,
  SK.NullKeyword,
  SK.PlusPlusToken,
  SK.MinusMinusToken,
]);

/** Pure: the token stream of a TS/JS file, from TypeScript's scanner. */
export function tokenize(file: ParsedFile): TokenStream {
  const text = file.file.text;
  const variant = /\.(t|j)sx$/.test(file.file.path) ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, variant, text);
  const texts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  // Braces opened inside `${…}` of a template: a `}` closing one of those continues the template.
  const braces: boolean[] = [];
  let previous = SK.Unknown;
  for (let kind = scanner.scan(); kind !== SK.EndOfFileToken; kind = scanner.scan()) {
    if ((kind === SK.SlashToken || kind === SK.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) {
      kind = scanner.reScanSlashToken();
    } else if (kind === SK.CloseBraceToken && braces.length > 0 && braces[braces.length - 1]) {
      braces.pop();
      kind = scanner.reScanTemplateToken(false);
      if (kind === SK.TemplateMiddle) braces.push(true);
    } else if (kind === SK.OpenBraceToken) {
      braces.push(false);
    } else if (kind === SK.CloseBraceToken) {
      braces.pop();
    } else if (kind === SK.TemplateHead) {
      braces.push(true);
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    texts.push(text.slice(start, end));
    starts.push(start);
    ends.push(end);
    previous = kind;
  }
  const hashes = new Uint32Array(texts.length);
  for (let i = 0; i < texts.length; i++) hashes[i] = fnv1a(texts[i]!);
  return { texts, starts: Int32Array.from(starts), ends: Int32Array.from(ends), hashes };
}

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
