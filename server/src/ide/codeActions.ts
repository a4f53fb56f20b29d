// Code actions: the quick fixes of diagnostics in the range, plus rewrites of
// the binding, attribute name or string under the cursor. Each assist offers
// itself only when the result means exactly the same as the original.
import { SyntaxKind as K, SyntaxNode, SyntaxToken, tokenAt, tokens, Binding, Inherit, Select, unparen, staticStringValue, stringParts, indStringParts } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import { computeDiagnostics } from './diagnostics/index.js';
import { attrNameText, isIdentifier, removalEdit, touches } from './editing.js';
import type { Fix, TextEdit, TextRange } from './types.js';

export type CodeAction = Fix & { kind: 'quickfix' | 'refactor' | 'refactor.rewrite' };

export function codeActions(a: Analysis, range: TextRange): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of computeDiagnostics(a)) {
    if (!touches(d, range.start, range.end)) continue;
    for (const f of d.fixes ?? []) out.push({ ...f, kind: 'quickfix' });
  }
  const ctx = contextAt(a, range.start);
  if (ctx) for (const assist of ASSISTS) {
    const r = assist(a, ctx);
    if (r) out.push(r);
  }
  return out;
}

interface Ctx {
  token: SyntaxToken;
  /** Ancestors of the token, innermost first. */
  path: SyntaxNode[];
}

function contextAt(a: Analysis, offset: number): Ctx | undefined {
  let t = tokenAt(a.tree, offset);
  // at the end of a word, prefer the word
  if (t && (t.kind <= K.BlockComment || offset === t.start) && offset > 0) {
    const prev = tokenAt(a.tree, offset - 1);
    if (prev && prev.kind > K.BlockComment && (t.kind <= K.BlockComment || prev.end === offset && (prev.kind === K.Ident || prev.kind === K.Quote))) t = prev;
  }
  if (!t) return undefined;
  const path: SyntaxNode[] = [];
  for (let p = t.parent; p; p = p.parent) path.push(p);
  return { token: t, path };
}

const innermost = (ctx: Ctx, kind: K) => ctx.path.find((n) => n.kind === kind);
const slice = (a: Analysis, n: { start: number; end: number }) => a.text.slice(n.start, n.end);
const hasComments = (n: SyntaxNode) => {
  for (const t of tokens(n)) if (t.kind === K.Comment || t.kind === K.BlockComment) return true;
  return false;
};

type Assist = (a: Analysis, ctx: Ctx) => CodeAction | undefined;

/** The binding whose attribute path the cursor is on (not its value). */
function bindingAtKey(ctx: Ctx): SyntaxNode | undefined {
  const b = innermost(ctx, K.Binding);
  if (!b) return undefined;
  const path = b.node(K.AttrPath);
  const assign = b.token(K.Assign);
  if (!path || ctx.token.start < b.start || (assign && ctx.token.start >= assign.end)) return undefined;
  return b;
}

/** `a = { b = 1; c = 2; };` -> `a.b = 1; a.c = 2;` */
const flattenAttrSet: Assist = (a, ctx) => {
  const b = bindingAtKey(ctx);
  if (!b) return undefined;
  const bind = new Binding(b);
  const value = bind.value();
  const path = bind.attrPath();
  if (!value || !path || value.kind !== K.AttrSet || value.token(K.Rec) || hasComments(value)) return undefined;
  const inner = value.childNodes().filter((c) => c.kind === K.Binding || c.kind === K.Inherit_);
  if (inner.length === 0 || inner.some((c) => c.kind !== K.Binding) || !b.token(K.Semicolon)) return undefined;
  const prefix = slice(a, path);
  const ls = a.text.lastIndexOf('\n', b.start - 1) + 1;
  const indent = /^[ \t]*$/.test(a.text.slice(ls, b.start)) ? a.text.slice(ls, b.start) : undefined;
  const parts = inner.map((c) => `${prefix}.${slice(a, c)}`);
  const newText = indent !== undefined ? parts.join(`\n${indent}`) : parts.join(' ');
  return {
    title: `Flatten \`${prefix} = { ... }\` into \`${prefix}.name = ...\``,
    kind: 'refactor.rewrite',
    edits: [{ start: b.start, end: b.end, newText }],
  };
};

/** `a.b = 1; a.c = 2;` -> `a = { b = 1; c = 2; };` */
const packAttrPath: Assist = (a, ctx) => {
  const b = bindingAtKey(ctx);
  if (!b || !b.parent) return undefined;
  const path = b.node(K.AttrPath)!;
  const parts = path.childNodes();
  if (parts.length < 2) return undefined;
  const head = new Binding(b).attrPath()!.parts()[0]!;
  const name = head.name;
  if (name === undefined || head.kind === 'dynamic') return undefined;
  const set = b.parent;
  const siblings: SyntaxNode[] = [];
  for (const c of set.childNodes()) {
    if (c.kind === K.Inherit_) {
      if (new Inherit(c).attrs().some((x) => x.name === name)) return undefined;
      continue;
    }
    if (c.kind !== K.Binding) continue;
    const ps = new Binding(c).attrPath()?.parts();
    if (!ps || ps[0]?.name !== name) continue;
    if (ps.length < 2 || !c.token(K.Semicolon) || hasComments(c)) return undefined; // `a = ...` too: leave it
    siblings.push(c);
  }
  const ls = a.text.lastIndexOf('\n', b.start - 1) + 1;
  const lead = a.text.slice(ls, b.start);
  const multiline = siblings.length > 1 && /^[ \t]*$/.test(lead);
  const inner = siblings.map((c) => {
    const p = c.node(K.AttrPath)!;
    const rest = p.childNodes()[1]!;
    return a.text.slice(rest.start, c.end);
  });
  const body = multiline ? `{\n${inner.map((x) => `${lead}  ${x}`).join('\n')}\n${lead}}` : `{ ${inner.join(' ')} }`;
  const edits: TextEdit[] = [{ start: siblings[0]!.start, end: siblings[0]!.end, newText: `${slice(a, head)} = ${body};` }];
  for (const s of siblings.slice(1)) edits.push(removalEdit(a.text, s.start, s.end));
  return { title: `Pack \`${slice(a, head)}.*\` into \`${slice(a, head)} = { ... }\``, kind: 'refactor.rewrite', edits };
};

/** `x = x;` -> `inherit x;` and `x = e.x;` -> `inherit (e) x;` */
const toInherit: Assist = (a, ctx) => {
  const b = innermost(ctx, K.Binding);
  if (!b || !b.token(K.Semicolon)) return undefined;
  const bind = new Binding(b);
  const names = bind.attrPath()?.parts();
  if (!names || names.length !== 1 || names[0]!.kind !== 'ident') return undefined;
  const name = names[0]!.name!;
  const value = bind.value();
  if (!value || hasComments(b)) return undefined;
  if (value.kind === K.IdentExpr) {
    if (slice(a, value) !== name) return undefined;
    // in a let or rec set, `x = x;` refers to itself: `inherit x;` would change that
    const ref = a.referenceOfNode.get(value);
    if (!ref || (ref.resolution.kind === 'local' && ref.resolution.definition.sites.includes(b))) return undefined;
    return { title: `Rewrite as \`inherit ${name};\``, kind: 'refactor.rewrite', edits: [{ start: b.start, end: b.end, newText: `inherit ${name};` }] };
  }
  if (value.kind === K.Select && !new Select(value).default()) {
    const s = new Select(value);
    const ps = s.attrPath()?.parts();
    const base = s.base();
    if (!ps || ps.length !== 1 || ps[0]!.name !== name || ps[0]!.kind !== 'ident' || !base) return undefined;
    const baseText = slice(a, base);
    return {
      title: `Rewrite as \`inherit (${baseText}) ${name};\``,
      kind: 'refactor.rewrite',
      edits: [{ start: b.start, end: b.end, newText: `inherit (${baseText}) ${name};` }],
    };
  }
  return undefined;
};

/** `inherit x;` -> `x = x;` (plain sets only), `inherit (e) x;` -> `x = e.x;` */
const fromInherit: Assist = (a, ctx) => {
  const inh = innermost(ctx, K.Inherit_);
  if (!inh || !inh.token(K.Semicolon) || hasComments(inh)) return undefined;
  const view = new Inherit(inh);
  const attrs = view.attrs();
  if (attrs.length === 0 || attrs.some((x) => x.name === undefined)) return undefined;
  const from = view.from();
  const set = inh.parent;
  if (!from && (!set || set.kind !== K.AttrSet || set.token(K.Rec))) return undefined; // `x = x;` in let/rec is a self-reference
  const base = from ? (unparen(from)!.kind === K.IdentExpr || unparen(from)!.kind === K.Select ? slice(a, from) : `(${slice(a, from)})`) : '';
  const ls = a.text.lastIndexOf('\n', inh.start - 1) + 1;
  const lead = a.text.slice(ls, inh.start);
  const sep = /^[ \t]*$/.test(lead) ? `\n${lead}` : ' ';
  const newText = attrs
    .map((x) => {
      const key = attrNameText(x.name!);
      const sel = isIdentifier(x.name!) ? x.name! : JSON.stringify(x.name!);
      return from ? `${key} = ${base}.${sel};` : `${key} = ${x.name};`;
    })
    .join(sep);
  if (!from && attrs.some((x) => !isIdentifier(x.name!))) return undefined;
  return { title: from ? 'Rewrite `inherit (...)` as bindings' : 'Rewrite `inherit` as `name = name;`', kind: 'refactor.rewrite', edits: [{ start: inh.start, end: inh.end, newText }] };
};

/** `a` <-> `"a"` as an attribute name. */
const quoteAttr: Assist = (a, ctx) => {
  const path = innermost(ctx, K.AttrPath);
  if (!path) return undefined;
  const part = path.childNodes().find((c) => c.start <= ctx.token.start && ctx.token.end <= c.end);
  if (!part) return undefined;
  if (part.kind === K.IdentExpr) {
    const name = slice(a, part);
    return { title: `Quote the attribute name \`${name}\``, kind: 'refactor.rewrite', edits: [{ start: part.start, end: part.end, newText: JSON.stringify(name) }] };
  }
  if (part.kind === K.String) {
    const v = staticStringValue(part);
    if (v === undefined || !isIdentifier(v)) return undefined;
    return { title: `Unquote the attribute name \`${v}\``, kind: 'refactor.rewrite', edits: [{ start: part.start, end: part.end, newText: v }] };
  }
  return undefined;
};

/** `"a\nb"` -> `''...''` with real line breaks. */
const toIndentedString: Assist = (a, ctx) => {
  const s = ctx.path.find((n) => n.kind === K.String || n.kind === K.IndString);
  if (!s || s.kind !== K.String || !isTerminated(s)) return undefined;
  // an attribute name stays a "..." string
  if (s.parent?.kind === K.AttrPath || s.parent?.kind === K.Inherit_) return undefined;
  const parts = stringParts(s);
  let body = '';
  parts.forEach((p, i) => {
    if (p.kind === 'interpolation') return void (body += slice(a, p.node));
    // quotes right before the closing '' would merge with it: escape each as ''\'
    const trailing = i === parts.length - 1 ? /'*$/.exec(p.value)![0].length : 0;
    const v = p.value.slice(0, p.value.length - trailing);
    body += v.replace(/''/g, "'''").replace(/\$\{/g, "''${").replace(/\r/g, "''\\r") + "''\\'".repeat(trailing);
  });
  const lines = body.split('\n');
  if (lines.length === 1) {
    if (/^ /.test(body)) return undefined; // leading spaces would be stripped
    return { title: "Convert to an indented string ''...''", kind: 'refactor.rewrite', edits: [{ start: s.start, end: s.end, newText: `''${body}''` }] };
  }
  // Nix strips the common indentation: only safe when some line starts without a space
  const contentLines = lines.filter((l, i) => l.length > 0 && !(i === lines.length - 1 && l === ''));
  if (contentLines.length > 0 && contentLines.every((l) => l.startsWith(' '))) return undefined;
  if (lines.some((l) => /^ +$/.test(l))) return undefined;
  const ls = a.text.lastIndexOf('\n', s.start - 1) + 1;
  const indent = (/^[ \t]*/.exec(a.text.slice(ls, s.start))![0] ?? '').replace(/\t/g, '  ');
  const inner = indent + '  ';
  const endsWithNewline = lines[lines.length - 1] === '';
  const shown = endsWithNewline ? lines.slice(0, -1) : lines;
  let text = "''\n" + shown.map((l) => (l === '' ? '' : inner + l)).join('\n');
  text += endsWithNewline ? `\n${indent}''` : "''";
  return { title: "Convert to an indented string ''...''", kind: 'refactor.rewrite', edits: [{ start: s.start, end: s.end, newText: text }] };
};

/** `''...''` -> `"..."` with escapes. */
const toPlainString: Assist = (a, ctx) => {
  const s = ctx.path.find((n) => n.kind === K.String || n.kind === K.IndString);
  if (!s || s.kind !== K.IndString || !isTerminated(s)) return undefined;
  let body = '';
  for (const p of indStringParts(s)) {
    if (p.kind === 'interpolation') body += slice(a, p.node);
    else
      body += p.value
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t')
        .replace(/\$\{/g, '\\${');
  }
  return { title: 'Convert to a "..." string', kind: 'refactor.rewrite', edits: [{ start: s.start, end: s.end, newText: `"${body}"` }] };
};

function isTerminated(s: SyntaxNode): boolean {
  const first = s.children[0];
  const last = s.children[s.children.length - 1];
  return s.children.length > 1 && first instanceof SyntaxToken && last instanceof SyntaxToken && first.kind === last.kind && last.start > first.start;
}

const ASSISTS: Assist[] = [flattenAttrSet, packAttrPath, toInherit, fromInherit, quoteAttr, toIndentedString, toPlainString];
