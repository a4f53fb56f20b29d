// What the configuration already has, for reading a request the way its owner means it: "remove
// vim" is the package when vim is in the package list, "I don't want zsh anymore" is the
// program when programs.zsh.enable is set, "remove the office suite" is the office suite that is
// installed, "switch to systemd-boot" also turns off the GRUB that is on. Read on the syntax
// tree (analysis/optionPaths.ts), never on the text; it only ranks readings, it edits nothing.
import { listItemTexts } from '../analysis/optionEdits.js';
import { innerValueRange } from '../analysis/optionEdits.js';
import { moduleOutline, optionDefinitions, type ModuleOutline } from '../analysis/optionPaths.js';
import type { Workspace } from './model.js';

export interface Present {
  /** Attribute paths in environment.systemPackages, in any file (`pkgs.` dropped). */
  readonly packages: ReadonlySet<string>;
  /** The value text of an option where a file defines it (whitespace dropped), else undefined. */
  value(path: string): string | undefined;
  /** The users the configuration makes normal users (`users.users.<name>.isNormalUser = true`), in any file. */
  normalUsers(): readonly string[];
}

/** Nothing known about the configuration: every reading ranks as without it. */
export const NOTHING_PRESENT: Present = { packages: new Set(), value: () => undefined, normalUsers: () => [] };

// The outlines of the last texts asked about: a request and the one after it read the same files.
const outlines = new Map<string, ModuleOutline>();

function outlineOf(text: string): ModuleOutline {
  let o = outlines.get(text);
  if (!o) {
    if (outlines.size >= 64) outlines.delete(outlines.keys().next().value!);
    outlines.set(text, (o = moduleOutline(text)));
  }
  return o;
}

export function presentIn(ws: Workspace): Present {
  const files = [...ws.files.values()].map(outlineOf);
  const packages = new Set<string>();
  for (const o of files) {
    for (const b of optionDefinitions(o, ['environment', 'systemPackages'])) {
      for (const item of listItemTexts(o, b)) packages.add(item.replace(/\s+/g, '').replace(/^pkgs\./, ''));
    }
  }
  const values = new Map<string, string | undefined>();
  let users: string[] | undefined;
  return {
    packages,
    normalUsers(): readonly string[] {
      if (users) return users;
      const found = new Set<string>();
      for (const o of files) {
        for (const b of o.bindings) {
          const p = b.path[0] === 'config' ? b.path.slice(1) : b.path;
          if (b.kind !== 'attr' || p.length !== 4 || p[0] !== 'users' || p[1] !== 'users' || p[3] !== 'isNormalUser' || !p[2]) continue;
          const r = innerValueRange(b);
          if (o.text.slice(r.start, r.end).trim() === 'true') found.add(p[2]);
        }
      }
      return (users = [...found]);
    },
    value(path: string): string | undefined {
      if (values.has(path)) return values.get(path);
      let found: string | undefined;
      for (const o of files) {
        const b = optionDefinitions(o, path.split('.'))[0];
        if (!b) continue;
        const r = innerValueRange(b);
        found = o.text.slice(r.start, r.end).replace(/\s+/g, '');
        break;
      }
      values.set(path, found);
      return found;
    },
  };
}
