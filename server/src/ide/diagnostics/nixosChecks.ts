// Runs the checks that need NixOS knowledge (options and packages) over a module: which
// bindings set options and which names come from `pkgs` are found once here, for all of them.
import { SyntaxKind as K, asSelect, unparen } from '../../syntax/index.js';
import type { Analysis } from '../../analysis/index.js';
import type { NixosIndex } from '../../knowledge/nixosIndex.js';
import { fromWithPkgs, isModuleFile, nixosFile, pkgsSelect } from '../nixosContext.js';
import type { Diagnostic } from '../types.js';
import { optionType } from './optionType.js';
import { renamedOption } from './renamedOption.js';
import { unfreePackage } from './unfreePackage.js';
import { unknownOption } from './unknownOption.js';
import { unknownPackage } from './unknownPackage.js';

export function nixosChecks(a: Analysis, index: NixosIndex, out: Diagnostic[]): void {
  const size = index.size;
  if (size.options === 0 && size.packages === 0 && !index.hasRenames) return;
  const file = nixosFile(a);
  if (file) {
    for (const s of file.options.settings) {
      const d = renamedOption(a, s, index) ?? (size.options > 0 ? unknownOption(a, file, s, index) ?? optionType(a, s, index) : undefined);
      if (d) out.push(d);
    }
  }
  if (size.packages === 0 || (!file && !isModuleFile(a))) return;
  for (const r of a.references) {
    let name: string;
    let range: { start: number; end: number };
    let withPkgs = false;
    if (r.name === 'pkgs' && r.resolution.kind !== 'undefined') {
      const sel = r.node.parent;
      if (sel?.kind !== K.Select || unparen(asSelect(sel)!.base()) !== r.node) continue;
      const p = pkgsSelect(a, sel);
      if (!p) continue;
      ({ name } = p);
      range = { start: p.start, end: p.end };
    } else if (fromWithPkgs(a, r)) {
      name = r.name;
      range = r.range;
      withPkgs = true;
    } else continue;
    const known = index.package(name);
    if (known) {
      const d = file && unfreePackage(a, file, known, range);
      if (d) out.push(d);
    } else {
      const d = unknownPackage(a, name, range, withPkgs, index);
      if (d) out.push(d);
    }
  }
}
