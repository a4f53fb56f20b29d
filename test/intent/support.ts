// The embedded knowledge as an index, read here in the smallest way the intent tests need
// (knowledge/embedded.ts, on its way to main, is the production reader).
import { readFileSync } from 'node:fs';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';
import type { OptionInfo, PackageInfo } from '../../server/src/knowledge/model.js';

const dataDir = new URL('../../server/src/knowledge/data/', import.meta.url);
const json = (name: string) => JSON.parse(readFileSync(new URL(name, dataDir), 'utf8'));

let index: NixosIndex | undefined;

export function testIndex(): NixosIndex {
  if (index) return index;
  const options: OptionInfo[] = Object.entries(json('options.json') as Record<string, any>).map(([name, o]) => ({
    path: o.loc ?? name.split('.'),
    type: { kind: o.type === 'boolean' ? 'bool' : 'anything', text: o.type },
    description: o.description ?? '',
    default: o.default?.text,
    declarations: [],
    readOnly: !!o.readOnly,
    source: 'embedded',
  }));
  const packages: PackageInfo[] = Object.entries(json('packages.json') as Record<string, any>).map(([attrPath, p]) => {
    const ls = [p.meta?.license ?? []].flat();
    const unfree = !!p.meta?.unfree || ls.some((l: any) => l.free === false);
    return { attrPath, name: p.name, pname: p.pname, description: p.meta?.description, licenses: ls, unfree, source: 'embedded' };
  });
  index = new NixosIndex([{ source: 'embedded', options, packages, everydayNames: json('everyday-names.json') }]);
  return index;
}

/** What people call things, as the embedded data says (for indexes built by hand, e.g. the benchmark's). */
export function everydayNames(): Record<string, string[]> {
  return json('everyday-names.json') as Record<string, string[]>;
}
