// Hover on what NixOS knows: an option (any part of its path, written as a binding or read as
// `config.a.b`), a package (`pkgs.firefox`, or `firefox` under `with pkgs;`), a lib function
// (`lib.mkDefault`, or `mkDefault` under `with lib;`). Pure: the index is handed in.
import { SyntaxKind as K, SyntaxNode, asSelect, exprChildren, formatAttrPath, tokenAt, unparen } from '../syntax/index.js';
import type { Analysis } from '../analysis/index.js';
import type { LibFunction, OptionInfo, PackageInfo, SourceName } from '../knowledge/model.js';
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { attrPartAt, fromWithPkgs, optionPathAt } from './nixosContext.js';
import type { TextRange } from './types.js';

export interface NixosHover {
  range: TextRange;
  markdown: string;
}

export function nixosHover(a: Analysis, offset: number, index: NixosIndex): NixosHover | undefined {
  const s = index.size;
  if (s.options === 0 && s.packages === 0 && s.lib === 0) return undefined;
  const option = optionPathAt(a, offset);
  if (option) {
    const md = optionPathMarkdown(index, option.upTo, option.full);
    return md ? { range: option.range, markdown: md } : undefined;
  }
  const at = attrPartAt(a, offset);
  if (at) return selectionHover(a, at.part, at.index, at.owner, index);
  for (const o of [offset, offset - 1]) {
    const t = o >= 0 ? tokenAt(a.tree, o) : undefined;
    if (!t || o < t.start || o >= t.end || t.kind !== K.Ident) continue;
    const found = referenceHover(a, t.parent, index);
    if (found) return found;
  }
  return undefined;
}

/** `pkgs.firefox`, `lib.mkDefault`, `lib.types.port`: the part under the cursor. */
function selectionHover(a: Analysis, part: SyntaxNode, i: number, owner: SyntaxNode, index: NixosIndex): NixosHover | undefined {
  if (owner.kind !== K.Select) return undefined;
  const sel = asSelect(owner)!;
  const base = unparen(sel.base());
  if (!base || base.kind !== K.IdentExpr) return undefined;
  const names = sel.attrPath()?.parts().map((p) => p.name) ?? [];
  const upTo = names.slice(0, i + 1);
  if (upTo.some((n) => n === undefined)) return undefined;
  const path = upTo as string[];
  const range = { start: part.start, end: part.end };
  const baseName = a.text.slice(base.start, base.end);
  if (baseName === 'pkgs') {
    const p = index.package(path.join('.'));
    return p ? { range, markdown: packageMarkdown(p) } : undefined;
  }
  if (baseName === 'lib') {
    const f = index.lib(path.join('.'));
    return f ? { range, markdown: libMarkdown(f) } : undefined;
  }
  return undefined;
}

/** A name taken from `with pkgs;` or `with lib;`. */
function referenceHover(a: Analysis, id: SyntaxNode | null, index: NixosIndex): NixosHover | undefined {
  if (!id || id.kind !== K.IdentExpr) return undefined;
  const r = a.referenceOfNode.get(id);
  if (!r || r.resolution.kind !== 'with') return undefined;
  const range = { start: id.start, end: id.end };
  if (fromWithPkgs(a, r)) {
    const p = index.package(r.name);
    return p ? { range, markdown: packageMarkdown(p) } : undefined;
  }
  const fromLib = r.resolution.withs.some((w) => {
    const ns = unparen(exprChildren(w)[0]);
    return ns !== undefined && a.text.slice(ns.start, ns.end).replace(/\s+/g, '') === 'lib';
  });
  const f = fromLib ? index.lib(r.name) : undefined;
  return f ? { range, markdown: libMarkdown(f) } : undefined;
}

/** `upTo` is the hovered prefix of `full`, the whole path written. */
export function optionPathMarkdown(index: NixosIndex, upTo: string[], full: string[]): string | undefined {
  const here = index.option(upTo);
  if (here) return optionMarkdown(here, upTo);
  const renamed = index.renamed(upTo);
  if (renamed) return renamed.to ? `**${formatAttrPath(upTo)}**: renamed to \`${formatAttrPath(renamed.to)}\`${renamed.since ? ` in NixOS ${renamed.since}` : ''}.` : `**${formatAttrPath(upTo)}**: removed from NixOS. ${renamed.removed ?? ''}`.trim();
  const whole = index.option(full);
  if (whole) return `\`${formatAttrPath(upTo)}\` leads to the option \`${formatAttrPath(full)}\`.\n\n---\n\n${optionMarkdown(whole, full)}`;
  if (index.isOptionPrefix(upTo)) {
    const children = index.children(upTo).map((c) => c.name);
    const shown = children.slice(0, 12).map((c) => `\`${c}\``).join(', ');
    return `**${formatAttrPath(upTo)}**: a group of NixOS options, ${children.length} below it: ${shown}${children.length > 12 ? ', ...' : ''}.`;
  }
  return undefined;
}

const SOURCE_NAMES: Record<SourceName, string> = {
  embedded: 'the NixOS knowledge shipped with the extension',
  'options.json': 'options.json',
  workspace: "this workspace's modules",
  live: 'your NixOS configuration, evaluated',
};

export function optionMarkdown(o: OptionInfo, written: readonly string[] = o.path): string {
  const declared = o.path.join('.');
  const shown = formatAttrPath(written);
  const lines = [`**${shown}**${shown !== declared ? ` (option \`${declared}\`)` : ''}: ${o.readOnly ? 'read-only option' : 'option'}`];
  if (o.description) lines.push(o.description.trim());
  const facts = [`*Type:* ${o.type.text}`];
  if (o.default !== undefined) facts.push(`*Default:* ${code(o.default)}`);
  if (o.example !== undefined) facts.push(`*Example:* ${code(o.example)}`);
  if (o.declarations.length) facts.push(`*Declared in:* ${o.declarations.map((d) => `\`${d}\``).join(', ')}`);
  facts.push(`*Source:* ${SOURCE_NAMES[o.source]}`);
  lines.push(facts.join('\\\n'));
  return lines.join('\n\n');
}

export function packageMarkdown(p: PackageInfo): string {
  const head = `**${p.attrPath}**${p.version ? ` ${p.version}` : ''}: package`;
  const lines = [head];
  if (p.description) lines.push(p.description.trim());
  const marks: string[] = [];
  if (p.unfree) marks.push('**Unfree**: NixOS builds it only with `nixpkgs.config.allowUnfree = true;` (or an `allowUnfreePredicate` naming it).');
  if (p.broken) marks.push('**Broken**: marked as not building in this nixpkgs.');
  if (p.insecure) marks.push('**Insecure**: has known security problems.');
  if (marks.length) lines.push(marks.join('\\\n'));
  const facts: string[] = [];
  const licenses = p.licenses.map((l) => l.spdxId ?? l.shortName ?? l.fullName).filter(Boolean);
  const saysUnfree = licenses.some((l) => /unfree/i.test(l!));
  if (licenses.length) facts.push(`*License:* ${licenses.join(', ')}${p.unfree && !saysUnfree ? ' (unfree)' : ''}`);
  if (p.homepage) facts.push(`*Homepage:* ${p.homepage}`);
  if (p.mainProgram) facts.push(`*Program:* \`${p.mainProgram}\``);
  if (facts.length) lines.push(facts.join('\\\n'));
  return lines.join('\n\n');
}

export function libMarkdown(f: LibFunction): string {
  const lines: string[] = [];
  if (f.type) lines.push('```nix\n' + f.type + '\n```');
  else lines.push(`**lib.${f.name}**`);
  if (f.description) lines.push(f.description.trim());
  if (f.example) lines.push('*Example:*\n```nix\n' + f.example.trim() + '\n```');
  return lines.join('\n\n');
}

function code(text: string): string {
  return text.includes('\n') ? '\n```nix\n' + text + '\n```' : '`' + text + '`';
}
