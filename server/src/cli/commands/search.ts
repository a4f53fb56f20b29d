import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { parseCommandArgs } from '../args';
import { cliKnowledge } from '../knowledge.js';

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'Search NixOS options and packages by name and description',
  usage: `Usage: nix-humanity search [--json] [--packages | --options] [--limit N] [--live] TEXT...

Finds options and packages whose name or description holds every word,
best first; everyday names work for packages ("vs code", "chrome").

Output: options first, then packages, one per line with a short description.
With --json, {"options": [...], "packages": [...]}.

Exit status: 1 when nothing is found, 2 for a usage mistake, 0 otherwise.

Options:
  --options            Only options
  --packages           Only packages
  --limit N            At most N of each (default 20)
  --json               Print JSON
  --live               Also evaluate your system with your Nix (cached)
  --host HOST          The flake's nixosConfigurations host (default: hostname)
  --options-json FILE  Read options from this options.json`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      options: { type: 'boolean' },
      packages: { type: 'boolean' },
      limit: { type: 'string' },
      live: { type: 'boolean' },
      host: { type: 'string' },
      'options-json': { type: 'string' },
    });
    const text = positionals.join(' ').trim();
    if (!text) throw new UsageError('give the words to search for');
    if (values.options && values.packages) throw new UsageError('--options and --packages together: leave both out to search both');
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit wants a positive whole number, not '${values.limit}'`);
    const index = await cliKnowledge(io, { live: values.live, host: values.host, optionsJson: values['options-json'] });
    const options = values.packages ? [] : index.searchOptions(text, limit);
    const packages = values.options ? [] : index.searchPackages(text, limit);
    if (values.json) {
      io.stdout(JSON.stringify({ options, packages }, null, 2) + '\n');
    } else {
      const short = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
      for (const o of options) io.stdout(`${o.path.join('.')} (${o.type.text}): ${short(o.description)}\n`);
      for (const p of packages) io.stdout(`pkgs.${p.attrPath}${p.version ? ` ${p.version}` : ''}${p.unfree ? ' [unfree]' : ''}: ${short(p.description)}\n`);
      if (options.length + packages.length === 0) io.stderr(`nix-humanity: nothing found for '${text}'.\n`);
    }
    return options.length + packages.length > 0 ? 0 : 1;
  },
};
