// Hover: what a name is, where it comes from, and docs for builtins; NixOS options, packages
// and lib functions from the index (nixosHover.ts).
import { SyntaxKind as K, SyntaxNode, tokenAt, lineIndex, unparen, exprChildren, Select, Lambda, Inherit } from '../syntax/index.js';
import { symbolAt, type Analysis, type Definition } from '../analysis/index.js';
import { builtinSignature, type Knowledge } from '../knowledge/builtins.js';
import type { TextRange } from './types.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { EMPTY_INDEX } from './nixosContext.js';
import { nixosHover } from './nixosHover.js';

/** `index`: what NixOS knows of options, packages and lib (see nixosHover.ts); empty by default. */
export function hover(a: Analysis, offset: number, k: Knowledge, index: NixosIndex = EMPTY_INDEX): { range: TextRange; markdown: string } | null {
  const nixos = nixosHover(a, offset, index);
  if (nixos) return nixos;
  const member = builtinsMemberAt(a, offset);
  if (member) {
    const md = builtinMarkdown(member.name, k);
    return md ? { range: member.range, markdown: md } : null;
  }
  const s = symbolAt(a, offset);
  if (!s) return null;
  const range = s.range;
  const r = s.reference;
  // an `inherit x;` name: show where the value comes from
  if (r && (!s.defines || r.resolution.kind !== 'local')) {
    switch (r.resolution.kind) {
      case 'local':
        return { range, markdown: definitionMarkdown(a, r.resolution.definition) };
      case 'builtin': {
        const md = builtinMarkdown(r.name, k);
        return md ? { range, markdown: md } : { range, markdown: `\`${r.name}\`: built into Nix.` };
      }
      case 'with': {
        const w = r.resolution.withs[0]!;
        const ns = exprChildren(w)[0];
        const nsText = ns ? a.text.slice(ns.start, ns.end) : '...';
        return {
          range,
          markdown: `\`${r.name}\`: not defined in this file, so it is looked up in \`with ${shorten(nsText)};\` (line ${lineOf(a, w.start)}) when evaluated.`,
        };
      }
      case 'undefined':
        return { range, markdown: `\`${r.name}\` is not defined here.` };
    }
  }
  if (s.defines) {
    const d = s.defines;
    if (r && r.resolution.kind === 'local')
      return { range, markdown: `${definitionMarkdown(a, d)}\n\nInherited from ${describeKind(r.resolution.definition)} on line ${lineOf(a, r.resolution.definition.range.start)}.` };
    return { range, markdown: definitionMarkdown(a, d) };
  }
  return null;
}

/** `builtins.map`: the `map` part. */
function builtinsMemberAt(a: Analysis, offset: number): { name: string; range: TextRange } | undefined {
  for (const o of [offset, offset - 1]) {
    if (o < 0) continue;
    const t = tokenAt(a.tree, o);
    if (!t || t.kind !== K.Ident || o < t.start || o >= t.end) continue;
    const id = t.parent;
    const path = id?.parent;
    const sel = path?.parent;
    if (!id || !path || path.kind !== K.AttrPath || !sel || (sel.kind !== K.Select && sel.kind !== K.HasAttr)) continue;
    if (path.childNodes()[0] !== id) continue;
    const base = unparen(sel.kind === K.Select ? new Select(sel).base() : exprChildren(sel)[0]);
    if (!base || base.kind !== K.IdentExpr) continue;
    const ref = a.referenceOfNode.get(base);
    if (ref?.resolution.kind === 'builtin' && ref.name === 'builtins') return { name: t.text, range: { start: id.start, end: id.end } };
  }
  return undefined;
}

function builtinMarkdown(name: string, k: Knowledge): string | undefined {
  const doc = k.builtins.get(name) ?? (name.startsWith('__') ? k.builtins.get(name.slice(2)) : undefined);
  if (!doc) return undefined;
  return `\`\`\`nix\n${builtinSignature(doc)}\n\`\`\`\n\n${doc.doc}\n\n*Built into Nix${doc.global ? '' : ` (as \`builtins.${doc.name}\`)`}.*`;
}

function lineOf(a: Analysis, offset: number): number {
  return lineIndex(a.text).positionAt(offset).line + 1;
}

function shorten(s: string, max = 40): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > max ? one.slice(0, max - 3) + '...' : one;
}

function describeKind(d: Definition): string {
  switch (d.kind) {
    case 'let':
      return d.inherited ? 'an inherited `let` binding' : 'a `let` binding';
    case 'rec':
      return 'an attribute of a `rec { }` set';
    case 'legacy-let':
      return 'a binding of `let { }`';
    case 'param':
      return 'a function argument';
    case 'formal':
      return 'a function argument (from its `{ ... }` pattern)';
    case 'pattern-at':
      return 'the whole argument set of a function';
  }
}

/** A short, literal-only rendering of a value: literals in full, the shape of anything else. */
export function describeValue(a: Analysis, v: SyntaxNode | undefined): string | undefined {
  const e = unparen(v);
  if (!e) return undefined;
  const text = a.text.slice(e.start, e.end);
  switch (e.kind) {
    case K.Literal:
    case K.Path:
    case K.SearchPathExpr:
    case K.UriExpr:
      return text;
    case K.String:
      return text.length <= 80 && !text.includes('\n') ? text : '"..."';
    case K.IndString:
      return "''...''";
    case K.IdentExpr:
      return ['true', 'false', 'null'].includes(text) ? text : undefined;
    case K.Lambda: {
      const lam = new Lambda(e);
      const pat = lam.pattern();
      const head = pat ? a.text.slice(pat.start, pat.end).replace(/\s+/g, ' ') : lam.param()?.name ?? 'x';
      return `${shorten(head, 60)}: ...`;
    }
    case K.AttrSet:
      return e.token(K.Rec) ? 'rec { ... }' : '{ ... }';
    case K.List:
      return text.length <= 60 && !text.includes('\n') ? text : '[ ... ]';
    default:
      return undefined;
  }
}

function definitionMarkdown(a: Analysis, d: Definition): string {
  let value = describeValue(a, d.value);
  if (d.inherited === 'from') {
    // `inherit (pkgs) lib;` is `lib = pkgs.lib;`
    const inh = d.sites.find((s) => s.kind === K.Inherit_);
    const from = inh ? new Inherit(inh).from() : undefined;
    if (from) value = `${shorten(a.text.slice(from.start, from.end), 40)}.${d.name}`;
  }
  const lines: string[] = [];
  if (d.kind === 'formal') lines.push('```nix\n' + d.name + (value ? ` ? ${value}` : '') + '\n```');
  else lines.push('```nix\n' + d.name + (value ? ` = ${value}` : '') + '\n```');
  const uses = d.references.length;
  lines.push(`${cap(describeKind(d))}, defined on line ${lineOf(a, d.range.start)}; ${uses === 0 ? 'never used' : uses === 1 ? 'used once' : `used ${uses} times`}.`);
  return lines.join('\n\n');
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
