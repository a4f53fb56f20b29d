// `"a\nb"`  ->  `''a/b''` where / is a real line break (lines indented under the string)
import { SyntaxKind as K, stringParts } from '../../syntax/index.js';
import { isTerminated, slice, type Assist } from './context.js';

export const toIndentedString: Assist = (a, ctx) => {
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
