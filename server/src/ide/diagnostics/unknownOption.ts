// `services.prnting.enable = true;`  ->  unknown-option on `prnting`, fix `services.printing.enable`
import { formatAttrPath } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import { declaredHere, type OptionSetting } from '../../analysis/moduleKind.js';
import { renameOptionEdit } from '../../analysis/optionEdits.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import type { NixosFile } from '../nixosContext.js';
import type { Diagnostic, Fix } from '../types.js';

/**
 * An option path no loaded source knows. With a complete source (options.json, a live
 * evaluation) that is an error, with the nearest options as fixes. With only the embedded subset
 * a missing path may still be real, so only a near-miss of a known name at a known level is
 * reported, as a warning (see docs/analysis.md, "Option checks").
 */
/**
 * The whole-path did-you-mean scans every option: a file full of unknown options (its own
 * modules', with no workspace source loaded) pays it only this many times per run; the others
 * get the cheap suggestions from their own level.
 */
export interface NearestBudget {
  nearest: number;
}

export function unknownOption(_a: Analysis, file: NixosFile, s: OptionSetting, index: NixosIndex, budget: NearestBudget = { nearest: 8 }): Diagnostic | undefined {
  const { path, binding } = s;
  if (declaredHere(file.options.declared, path) || index.renamed(path)) return undefined;
  const known = index.knownPrefix(path);
  if (known.option || known.length >= path.length) return undefined;
  const level = known.length;
  // report once, on the binding that writes the first unknown name
  const written = path.length - binding.parts.length;
  if (level < written) return undefined;
  const part = binding.parts[level - written]!;
  const wrong = path[level]!;
  const parent = path.slice(0, level);
  if (hasRenamedPrefix(index, path)) return undefined;
  let candidates: string[][];
  if (index.completeOptions) candidates = budget.nearest-- > 0 ? index.nearestOptions(path, 3) : index.nearChildren(parent, wrong, 2).map((n) => [...parent, n, ...path.slice(level + 1)]);
  else {
    // A real name the subset lacks is often one letter from one it has (`systemd`, `system`):
    // short names, and a name that only adds or drops letters at the end, are not guessed at.
    const max = wrong.length < 5 ? 0 : wrong.length <= 8 ? 1 : 2;
    const close = index.nearChildren(parent, wrong, max);
    if (close.length === 0) return undefined;
    candidates = close.map((n) => [...parent, n, ...path.slice(level + 1)]);
  }
  const shown = formatAttrPath(path);
  const fixes: Fix[] = [];
  for (const c of candidates) {
    const edit = renameOptionEdit(binding, path, c) ?? (sameBut(c, path, level) ? { start: part.start, end: part.end, newText: c[level]! } : undefined);
    if (edit) fixes.push({ title: `Change to \`${formatAttrPath(c)}\``, edits: [edit] });
  }
  if (fixes[0]) fixes[0].preferred = true;
  const hint = candidates[0] ? ` Did you mean \`${formatAttrPath(candidates[0])}\`?` : ' Check the spelling against the NixOS options (`nix-humanity option`).';
  return {
    start: part.start,
    end: part.end,
    severity: index.completeOptions ? 'error' : 'warning',
    code: 'unknown-option',
    message: `NixOS has no option \`${shown}\`${parent.length ? ` (nothing named \`${wrong}\` under \`${formatAttrPath(parent)}\`)` : ''}.${hint}`,
    fixes,
  };
}

function sameBut(c: readonly string[], path: readonly string[], level: number): boolean {
  return c.length === path.length && c.every((x, i) => i === level || x === path[i]);
}

function hasRenamedPrefix(index: NixosIndex, path: readonly string[]): boolean {
  for (let i = path.length; i > 0; i--) if (index.renamed(path.slice(0, i))) return true;
  return false;
}

