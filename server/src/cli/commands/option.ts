import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { parseCommandArgs } from '../args';
import { cliKnowledge } from '../knowledge.js';
import { describeOption, describeRenamed } from '../../knowledge/describe.js';
import { splitOptionName } from '../../knowledge/readers.js';

export const optionCommand: CliCommand = {
  name: 'option',
  summary: 'Show a NixOS option: description, type, default, example, where declared',
  usage: `Usage: nix-humanity option [--json] [--live] [--options-json FILE] PATH

Shows what the editor's hover shows for a NixOS option, such as
services.openssh.enable or users.users.alice.shell (a name stands for
<name>). Without --live it uses the knowledge shipped with nix-humanity,
an options.json (given, or result/share/doc/nixos/options.json here), and
the options this folder's own modules declare.

Exit status: 1 when no such option is known (the nearest names are listed),
2 for a usage mistake, 0 otherwise.

Options:
  --json               Print the option as JSON
  --live               Also evaluate your system with your Nix (cached)
  --host HOST          The flake's nixosConfigurations host (default: hostname)
  --options-json FILE  Read options from this options.json`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      live: { type: 'boolean' },
      host: { type: 'string' },
      'options-json': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('give one option path, such as services.openssh.enable');
    const pathText = positionals[0]!;
    const optionPath = splitOptionName(pathText);
    const index = await cliKnowledge(io, { live: values.live, host: values.host, optionsJson: values['options-json'] });
    const option = index.option(optionPath);
    const renamed = index.renamed(optionPath);
    if (values.json) {
      const nearest = option || renamed ? [] : index.nearestOptions(optionPath).map((p) => p.join('.'));
      io.stdout(JSON.stringify({ option: option ?? null, renamed: renamed ?? null, ...(nearest.length ? { nearest } : {}) }, null, 2) + '\n');
      return option || renamed ? 0 : 1;
    }
    if (option) {
      io.stdout(describeOption(option) + '\n');
      return 0;
    }
    if (renamed) {
      io.stdout(describeRenamed(renamed) + '\n');
      return 0;
    }
    const nearest = index.nearestOptions(optionPath).map((p) => p.join('.'));
    const below = index.isOptionPrefix(optionPath) ? index.children(optionPath).map((c) => `${pathText}.${c.name}`).slice(0, 20) : [];
    if (below.length) io.stderr(`nix-humanity: ${pathText} is not an option itself; the options below it include:\n${below.map((n) => `  ${n}\n`).join('')}`);
    else io.stderr(`nix-humanity: no option ${pathText} is known.${nearest.length ? ` Did you mean:\n${nearest.map((n) => `  ${n}\n`).join('')}` : ' Try nix-humanity search WORDS.\n'}`);
    return 1;
  },
};
