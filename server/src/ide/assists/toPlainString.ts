// `''a "b"''`  ->  `"a \"b\""` (escapes written out)
import { SyntaxKind as K, indStringParts } from '../../syntax/index.js';
import { isTerminated, slice, type Assist } from './context.js';

export const toPlainString: Assist = (a, ctx) => {
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
