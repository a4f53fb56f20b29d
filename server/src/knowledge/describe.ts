// An option or package described in plain text, as hover shows it and `nix-humanity option`
// prints it: what it is, its type, default, example, where it is declared, and which source said so.
import type { OptionInfo, PackageInfo, RenamedOption } from './model.js';

const SOURCE_NAMES: Record<OptionInfo['source'], string> = {
  embedded: 'the knowledge shipped with Nix for Humanity',
  'options.json': 'an options.json',
  workspace: "this workspace's own modules",
  live: 'your system (evaluated with your Nix)',
};

/** Lines of text (Markdown-safe enough for a terminal too). */
export function describeOption(o: OptionInfo): string {
  const lines = [o.path.join('.'), '', o.description.trim() || '(no description)', '', `Type: ${o.type.text}`];
  if (o.default !== undefined) lines.push(`Default: ${o.default}`);
  if (o.example !== undefined) lines.push(`Example: ${o.example}`);
  if (o.readOnly) lines.push('Read-only: set by NixOS itself.');
  if (o.declarations.length) lines.push(`Declared in: ${o.declarations.join(', ')}`);
  lines.push(`Source: ${SOURCE_NAMES[o.source]}`);
  return lines.join('\n');
}

export function describeRenamed(r: RenamedOption): string {
  const what = r.to ? `Renamed to ${r.to.join('.')}` : `Removed: ${r.removed ?? ''}`;
  return `${r.path.join('.')}\n\n${what}${r.since ? ` (since NixOS ${r.since})` : ''}.`;
}

export function describePackage(p: PackageInfo): string {
  const lines = [`pkgs.${p.attrPath}${p.version ? ` ${p.version}` : ''}`, '', p.description?.trim() || '(no description)', ''];
  if (p.homepage) lines.push(`Homepage: ${p.homepage}`);
  if (p.licenses.length) lines.push(`License: ${p.licenses.map((l) => l.spdxId ?? l.shortName ?? l.fullName ?? '?').join(', ')}`);
  if (p.unfree) lines.push('Unfree: needs nixpkgs.config.allowUnfree (or an allowUnfreePredicate for it).');
  if (p.broken) lines.push('Marked broken: it may not build.');
  if (p.insecure) lines.push('Marked insecure: it has known vulnerabilities.');
  if (p.mainProgram) lines.push(`Runs as: ${p.mainProgram}`);
  lines.push(`Source: ${SOURCE_NAMES[p.source]}`);
  return lines.join('\n');
}
