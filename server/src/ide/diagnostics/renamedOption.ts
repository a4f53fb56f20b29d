// `hardware.opengl.enable = true;`  ->  renamed-option on `hardware.opengl.enable`, fix `hardware.graphics.enable`
import { formatAttrPath } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { OptionSetting } from '../../analysis/moduleKind.js';
import { renameOptionEdit } from '../../analysis/optionEdits.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import type { Diagnostic } from '../types.js';

/** An option NixOS renamed (fix: the new name) or removed (the message says what to do instead). */
export function renamedOption(_a: Analysis, s: OptionSetting, index: NixosIndex): Diagnostic | undefined {
  const { path, binding } = s;
  const written = path.length - binding.parts.length;
  // the renamed path may be a prefix (`a.b` renamed: `a.b.c` moves too); report where it is written
  for (let i = path.length; i > written; i--) {
    const r = index.renamed(path.slice(0, i));
    if (!r) continue;
    const old = formatAttrPath(path.slice(0, i));
    const range = { start: binding.pathRange.start, end: binding.pathRange.end };
    const since = r.since ? ` in NixOS ${r.since}` : '';
    if (r.to) {
      const to = [...r.to, ...path.slice(i)];
      const edit = renameOptionEdit(binding, path, to);
      return {
        ...range,
        severity: 'warning',
        code: 'renamed-option',
        message: `\`${old}\` was renamed to \`${formatAttrPath(r.to)}\`${since}. Use the new name: the old one only warns, and may be removed.`,
        tags: ['deprecated'],
        fixes: edit ? [{ title: `Rename to \`${formatAttrPath(to)}\``, edits: [edit], preferred: true }] : [],
      };
    }
    return {
      ...range,
      severity: 'error',
      code: 'removed-option',
      message: `\`${old}\` was removed${since || ' from NixOS'}. ${r.removed ?? 'Remove this setting.'}`.trim(),
      tags: ['deprecated'],
    };
  }
  return undefined;
}
