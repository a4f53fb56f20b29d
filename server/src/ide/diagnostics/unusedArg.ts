// `{ pkgs, lib, ... }: pkgs.git`  ->  hint unused-arg on `lib`, fix `{ pkgs, ... }:`
import { SyntaxKind as K, SyntaxNode, Pattern, unparen, exprChildren } from '../../syntax/index.js';
import type { Analysis, Definition } from '../../analysis/index.js';
import type { Diagnostic, TextEdit } from '../types.js';
import { removeFormalEdit } from '../editing.js';
import { hasParseErrorIn } from './support.js';
import { MODULE_ARGUMENTS } from '../../analysis/moduleKind.js';
import { isModuleFile } from '../nixosContext.js';

/** A file function's formal or `@` name that is never used (let names are unusedLet's). */
export function unusedArg(a: Analysis, d: Definition): Diagnostic | undefined {
  if (d.name.startsWith('_')) return undefined;
  if (d.references.length > 0) return undefined;
  // Like nil: a plain `x:` parameter cannot be removed, so it is not reported;
  // formals only for the function the whole file is (a package or module),
  // whose caller passes what it asks for.
  if (d.kind === 'formal') {
    const entry = d.sites[0]!;
    const pat = entry.parent;
    if (!pat || pat.parent !== fileFunction(a)) return undefined;
    // a module's stock `{ config, lib, pkgs, ... }:` names what the module system passes anyway
    if (MODULE_ARGUMENTS.has(d.name) && isModuleFile(a)) return undefined;
    const ellipsis = new Pattern(pat).hasEllipsis;
    return {
      ...d.range,
      severity: 'hint',
      code: 'unused-arg',
      message: ellipsis
        ? `The argument \`${d.name}\` is never used; \`...\` still accepts it, so it can be removed.`
        : `The argument \`${d.name}\` is never used. Remove it (callers must then stop passing it).`,
      tags: ['unnecessary'],
      fixes: hasParseErrorIn(a, pat) ? [] : [{ title: `Remove the unused argument \`${d.name}\``, edits: [removeFormalEdit(a.text, entry)], preferred: true }],
    };
  }
  if (d.kind === 'pattern-at') {
    const bind = d.sites[0]!;
    return {
      ...d.range,
      severity: 'hint',
      code: 'unused-arg',
      message: `\`${d.name}\` names the whole argument set but is never used. Remove \`@${d.name}\`.`,
      tags: ['unnecessary'],
      fixes: [{ title: `Remove \`${d.name}@\``, edits: [removePatBindEdit(a.text, bind)], preferred: true }],
    };
  }
  return undefined;
}

/** The lambda the whole file evaluates to, if it is one. */
function fileFunction(a: Analysis): SyntaxNode | undefined {
  const e = unparen(exprChildren(a.tree)[0]);
  return e && e.kind === K.Lambda ? e : undefined;
}

function removePatBindEdit(text: string, bind: SyntaxNode): TextEdit {
  // `args @ { }` or `{ } @ args`: take the spaces on the side away from the braces
  let s = bind.start,
    e = bind.end;
  const pat = bind.parent!;
  const braceFirst = pat.token(K.LBrace) !== undefined && pat.token(K.LBrace)!.start < bind.start;
  if (braceFirst) while (s > 0 && /[ \t]/.test(text[s - 1]!)) s--;
  else while (e < text.length && /[ \t]/.test(text[e]!)) e++;
  return { start: s, end: e, newText: '' };
}
