import type { CliCommand } from '../io';
import { parseCommandArgs } from '../args';
import { UsageError } from '../io';
import { DEFAULT_SYSTEM_PROFILE, type Generation } from '../../system/generations';
import { diffGenerations, formatDiff } from '../../system/generationDiff';
import { loadGenerations } from './generations';

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Show the packages that changed between two generations',
  usage: `Usage: nix-humanity diff [GEN_A] [GEN_B] [--profile PATH] [--json]

Compares two generations of a system profile: packages added (+), removed (-)
and changed in version (~), and the change in closure size. Without arguments
it compares the previous generation with the current one; with one, that
generation with the current one.

Options:
  --profile PATH  The profile to read (default ${DEFAULT_SYSTEM_PROFILE})
  --json          Print the diff as JSON`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { profile: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length > 2) throw new UsageError('diff takes at most two generation numbers');
    const numbers = positionals.map((p) => {
      if (!/^\d+$/.test(p)) throw new UsageError(`'${p}' is not a generation number`);
      return Number(p);
    });
    const profile = values.profile ?? DEFAULT_SYSTEM_PROFILE;
    const generations = loadGenerations(profile, io);
    if (!generations) return 1;
    const current = generations.find((g) => g.current) ?? generations[generations.length - 1];
    if (!current) {
      io.stderr(`nix-humanity: The profile ${profile} has no generations to compare.\n`);
      return 1;
    }
    const find = (n: number): Generation | undefined => generations.find((g) => g.generation === n);
    let from: Generation | undefined;
    let to: Generation | undefined = current;
    if (numbers.length === 0) {
      from = [...generations].reverse().find((g) => g.generation < current.generation);
      if (!from) {
        io.stderr(`nix-humanity: Generation ${current.generation} is the only one in ${profile}; there is nothing older to compare it with.\n`);
        return 1;
      }
    } else {
      from = find(numbers[0]!);
      if (numbers.length === 2) to = find(numbers[1]!);
      const missing = numbers.find((n) => !find(n));
      if (missing !== undefined) {
        io.stderr(`nix-humanity: There is no generation ${missing} in ${profile}. Run 'nix-humanity generations' to see the ones that exist.\n`);
        return 1;
      }
    }
    let diff;
    try {
      diff = await diffGenerations(from!.storePath, to!.storePath, { signal: io.signal, env: io.env });
    } catch (error) {
      io.stderr(`nix-humanity: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    if (values.json) {
      io.stdout(JSON.stringify({ from: from!.generation, to: to!.generation, ...diff }, null, 2) + '\n');
      return 0;
    }
    io.stdout(`Generation ${from!.generation} -> ${to!.generation}\n` + formatDiff(diff));
    return 0;
  },
};
