// Decoding string literals: escapes, and indentation stripping for ''...''.
import { SyntaxKind as K } from "./kinds.js";
import { SyntaxNode, SyntaxToken } from "./tree.js";

/** Value of an escape token in a "..." string (`\n` -> newline, `\X` -> X). */
export function decodeEscape(text: string): string {
  if (text.startsWith("''")) {
    // indented-string escapes: ''$ -> $, ''' -> '', ''\X -> as in "..."
    if (text === "''$") return "$";
    if (text === "'''") return "''";
    return decodeEscape(text.slice(2));
  }
  const c = text.slice(1);
  if (c === "n") return "\n";
  if (c === "r") return "\r";
  if (c === "t") return "\t";
  return c;
}

export type StringPart =
  | { kind: "literal"; value: string; start: number; end: number }
  | { kind: "interpolation"; node: SyntaxNode; expr: SyntaxNode | undefined; start: number; end: number };

function firstExpr(n: SyntaxNode): SyntaxNode | undefined {
  for (const c of n.children) if (c instanceof SyntaxNode && c.kind !== K.Error) return c;
  return undefined;
}

/** Parts of a "..." string: adjacent literal text and escapes merged, escapes decoded. */
export function stringParts(node: SyntaxNode): StringPart[] {
  const out: StringPart[] = [];
  let buf = "";
  let bufStart = -1,
    bufEnd = -1;
  const flush = () => {
    if (bufStart >= 0) out.push({ kind: "literal", value: buf, start: bufStart, end: bufEnd });
    buf = "";
    bufStart = -1;
  };
  for (const c of node.children) {
    if (c instanceof SyntaxToken) {
      if (c.kind === K.StrFragment || c.kind === K.StrEscape) {
        if (bufStart < 0) bufStart = c.start;
        bufEnd = c.end;
        buf += c.kind === K.StrEscape ? decodeEscape(c.text) : c.text.replace(/\r\n/g, "\n");
      }
    } else if (c.kind === K.Interpolation) {
      flush();
      out.push({ kind: "interpolation", node: c, expr: firstExpr(c), start: c.start, end: c.end });
    }
  }
  flush();
  return out;
}

/**
 * Parts of an indented string with Nix's indentation stripping: the common
 * leading-space count of non-blank lines is removed; the first line is dropped
 * if blank, a last line of only spaces is dropped. Interpolations and escapes
 * end a line's leading whitespace.
 */
export function indStringParts(node: SyntaxNode): StringPart[] {
  // Collect raw pieces: literal text (raw, needs stripping) vs escape/interp (not stripped).
  type Piece = { raw: string; esc: boolean; interp?: SyntaxNode; start: number; end: number };
  const pieces: Piece[] = [];
  for (const c of node.children) {
    if (c instanceof SyntaxToken) {
      if (c.kind === K.StrFragment) pieces.push({ raw: c.text, esc: false, start: c.start, end: c.end });
      else if (c.kind === K.StrEscape) pieces.push({ raw: decodeEscape(c.text), esc: true, start: c.start, end: c.end });
    } else if (c.kind === K.Interpolation) pieces.push({ raw: "", esc: true, interp: c, start: c.start, end: c.end });
  }
  // The opening '' eats spaces then a newline.
  if (pieces.length > 0 && !pieces[0]!.esc) {
    const m = /^ *\n/.exec(pieces[0]!.raw);
    if (m) pieces[0] = { ...pieces[0]!, raw: pieces[0]!.raw.slice(m[0].length), start: pieces[0]!.start + m[0].length };
  }
  // Minimum indentation over lines with content.
  let minIndent = Infinity;
  let atLineStart = true;
  let curIndent = 0;
  for (const p of pieces) {
    if (p.esc) {
      if (atLineStart) {
        minIndent = Math.min(minIndent, curIndent);
        atLineStart = false;
      }
      continue;
    }
    for (let i = 0; i < p.raw.length; i++) {
      const ch = p.raw[i];
      if (atLineStart) {
        if (ch === " ") curIndent++;
        else if (ch === "\n") curIndent = 0;
        else {
          minIndent = Math.min(minIndent, curIndent);
          atLineStart = false;
        }
      } else if (ch === "\n") {
        atLineStart = true;
        curIndent = 0;
      }
    }
  }
  if (minIndent === Infinity) minIndent = 0;
  // Strip.
  const out: StringPart[] = [];
  let buf = "";
  let bufStart = -1,
    bufEnd = -1;
  const flush = () => {
    if (bufStart >= 0) out.push({ kind: "literal", value: buf, start: bufStart, end: bufEnd });
    buf = "";
    bufStart = -1;
  };
  atLineStart = true;
  let skipped = 0;
  for (const p of pieces) {
    if (p.interp) {
      flush();
      atLineStart = false;
      out.push({ kind: "interpolation", node: p.interp, expr: firstExpr(p.interp), start: p.start, end: p.end });
      continue;
    }
    if (bufStart < 0) bufStart = p.start;
    bufEnd = p.end;
    if (p.esc) {
      atLineStart = false;
      buf += p.raw;
      continue;
    }
    for (let i = 0; i < p.raw.length; i++) {
      const ch = p.raw[i]!;
      if (atLineStart) {
        if (ch === " " && skipped < minIndent) {
          skipped++;
          continue;
        }
        if (ch === "\n") {
          skipped = 0;
          buf += ch;
          continue;
        }
        atLineStart = false;
      }
      buf += ch;
      if (ch === "\n") {
        atLineStart = true;
        skipped = 0;
      }
    }
  }
  flush();
  // A last line of only spaces is dropped.
  const last = out[out.length - 1];
  if (last && last.kind === "literal") {
    const nl = last.value.lastIndexOf("\n");
    if (nl >= 0 && /^ *$/.test(last.value.slice(nl + 1))) last.value = last.value.slice(0, nl + 1);
    else if (nl < 0 && out.length === 1 && /^ *$/.test(last.value) && atLineStart) last.value = "";
  }
  return out.filter((p) => p.kind !== "literal" || p.value.length > 0 || out.length === 1);
}

/** The value of a string without interpolation, or undefined. */
export function staticStringValue(node: SyntaxNode): string | undefined {
  const parts = node.kind === K.IndString ? indStringParts(node) : stringParts(node);
  let v = "";
  for (const p of parts) {
    if (p.kind !== "literal") return undefined;
    v += p.value;
  }
  return v;
}
