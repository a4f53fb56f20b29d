import type { CliCommand, CliIO } from '../io';
import { parseCommandArgs } from '../args';
import { DEFAULT_SYSTEM_PROFILE, listGenerations, ProfileNotFoundError, type Generation } from '../../system/generations';
import { knownGoodGenerations, stateDirFromEnv } from '../../system/knownGood';

export const generationsCommand: CliCommand = {
  name: 'generations',
  summary: 'List the system generations (current and known-good ones marked)',
  usage: `Usage: nix-humanity generations [--profile PATH] [--json]

Lists the generations of a NixOS system profile, oldest first: number, date,
NixOS version, kernel version and specialisations. The current generation is
marked, and so are generations known to have activated cleanly.

Options:
  --profile PATH  The profile to read (default ${DEFAULT_SYSTEM_PROFILE})
  --json          Print a JSON list instead of a table`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { profile: { type: 'string' }, json: { type: 'boolean' } }, false);
    const profile = values.profile ?? DEFAULT_SYSTEM_PROFILE;
    const generations = loadGenerations(profile, io);
    if (!generations) return 1;
    const good = knownGoodGenerations(stateDirFromEnv(io.env), profile, generations);
    if (values.json) {
      io.stdout(JSON.stringify(generations.map((g) => toJson(g, good.has(g.generation))), null, 2) + '\n');
      return 0;
    }
    if (generations.length === 0) {
      io.stdout(`The profile ${profile} has no generations yet.\n`);
      return 0;
    }
    io.stdout(table(generations, good));
    return 0;
  },
};

/** Lists the profile's generations, or reports a missing profile and returns undefined. */
export function loadGenerations(profile: string, io: CliIO): Generation[] | undefined {
  try {
    return listGenerations(profile);
  } catch (error) {
    if (error instanceof ProfileNotFoundError) {
      io.stderr(`nix-humanity: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

function toJson(g: Generation, knownGood: boolean) {
  return {
    generation: g.generation,
    date: g.date.toISOString(),
    nixosVersion: g.nixosVersion ?? null,
    kernelVersion: g.kernelVersion ?? null,
    current: g.current,
    knownGood,
    specialisations: g.specialisations,
    configurationRevision: g.configurationRevision ?? null,
    path: g.path,
    storePath: g.storePath,
  };
}

function table(generations: Generation[], good: Set<number>): string {
  const rows = [['Generation', 'Date', 'NixOS version', 'Kernel', 'Specialisations', '']];
  for (const g of generations) {
    const marks = [g.current ? 'current' : '', good.has(g.generation) ? 'known good' : ''].filter(Boolean).join(', ');
    rows.push([
      String(g.generation),
      localDate(g.date),
      g.nixosVersion ?? '-',
      g.kernelVersion ?? '-',
      g.specialisations.join(', ') || '-',
      marks ? `(${marks})` : '',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r, ri) => {
      const marker = ri > 0 && generations[ri - 1]!.current ? '*' : ' ';
      const cells = r.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)));
      return `${marker} ${cells.join('  ')}`.trimEnd();
    })
    .join('\n') + '\n';
}

/** `2026-11-23 22:40:05`, in local time like nix-env --list-generations. */
function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
