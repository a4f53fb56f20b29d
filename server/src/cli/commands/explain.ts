import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliIO } from '../io';
import { parseCommandArgs } from '../args';
import { UsageError } from '../io';
import type { NixosIndex } from '../../knowledge/nixosIndex';
import { explainText, type Style } from '../../intent/index';

/** `nix-humanity explain`, over the index `getIndex` gives. */
export function makeExplainCommand(getIndex: (io: CliIO) => NixosIndex | Promise<NixosIndex>): CliCommand {
  return {
    name: 'explain',
    summary: 'Say in plain words what each line of a configuration does',
    usage: `Usage: nix-humanity explain FILE[:LINE] [--style concise|friendly|expert] [--json]

Explains every setting of FILE (or the ones on LINE) in plain words: what it
does for this machine, from the NixOS option descriptions.

Options:
  --style S  concise (one sentence), friendly (the default) or expert
  --json     Print the explanations as JSON (line is 1-based)`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, { style: { type: 'string' }, json: { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError('explain takes one FILE or FILE:LINE');
      const style = (values.style ?? 'friendly') as Style;
      if (!['concise', 'friendly', 'expert'].includes(style)) throw new UsageError(`--style is concise, friendly or expert, not '${values.style}'`);
      const m = /^(.*?)(?::(\d+))?$/.exec(positionals[0]!)!;
      const file = path.resolve(io.cwd, m[1]!);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        io.stderr(`nix-humanity: Cannot read ${m[1]}.\n`);
        return 1;
      }
      const line = m[2] ? Number(m[2]) - 1 : undefined;
      const out = explainText(text, await getIndex(io), style, line);
      if (values.json) {
        io.stdout(JSON.stringify(out.map((e) => ({ line: e.line + 1, option: e.path, value: e.value, text: e.text })), null, 2) + '\n');
        return 0;
      }
      if (out.length === 0) {
        io.stdout(line === undefined ? 'No settings found in this file.\n' : `Line ${line + 1} sets nothing.\n`);
        return 0;
      }
      for (const e of out) io.stdout(`${e.line + 1}: ${e.path}\n    ${e.text}\n`);
      return 0;
    },
  };
}
