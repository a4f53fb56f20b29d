import path from 'node:path';
import type { CliCommand, CliIO } from '../io';
import { parseCommandArgs } from '../args';
import { UsageError } from '../io';
import type { NixosIndex } from '../../knowledge/nixosIndex';
import { ask, planIntents, type Answer } from '../../intent/index';
import { recordPick, rerank } from '../../intent/learning';
import { unifiedDiff } from '../../intent/diff';
import { applyEdits } from '../../syntax/index';
import { forgetLearning, loadLearning, readConfigFiles, saveLearning, writeFilesAtomically } from '../../system/intentFiles';

/** `nix-humanity ask`, over the index `getIndex` gives (the embedded knowledge, in the registry). */
export function makeAskCommand(getIndex: (io: CliIO) => NixosIndex | Promise<NixosIndex>): CliCommand {
  return {
    name: 'ask',
    summary: 'Change the configuration from a request in plain words',
    usage: `Usage: nix-humanity ask "REQUEST" [--file FILE] [--apply | --diff] [--json] [--pick N]
       nix-humanity ask --forget

Reads what you want ("install firefox and enable ssh", "open port 8080",
"set the time zone to Berlin") and shows what it understood and the edit to
your configuration. Nothing is written without --apply.

The configuration is the folder of FILE, else this folder when it holds
configuration.nix or flake.nix, else /etc/nixos. A change goes into FILE
when given, else the module that already sets the option, else
configuration.nix.

Options:
  --file FILE  The file to edit first
  --apply      Write the edit (atomically; refused if a file changed meanwhile)
  --diff       Print only the diff
  --json       Print intents, alternatives, messages and edits as JSON
  --pick N     Take alternative N (1 = the first listed) instead; remembered
  --forget     Forget every choice remembered for ranking

Exit status: 0 understood, 3 not understood (the nearest things known are
listed), 1 the edit could not be written, 2 bad usage.`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, {
        file: { type: 'string' },
        apply: { type: 'boolean' },
        diff: { type: 'boolean' },
        json: { type: 'boolean' },
        pick: { type: 'string' },
        forget: { type: 'boolean' },
      });
      if (values.forget) {
        forgetLearning(io.env);
        io.stdout('Forgot every remembered choice.\n');
        return 0;
      }
      const text = positionals.join(' ').trim();
      if (!text) throw new UsageError('ask needs a request, e.g. nix-humanity ask "install firefox"');
      if (values.apply && values.diff) throw new UsageError('--apply and --diff do not go together');
      const config = readConfigFiles(io.cwd, values.file);
      if (!config) {
        io.stderr(`nix-humanity: ${values.file ? `${values.file} does not exist` : 'No configuration.nix or flake.nix here or in /etc/nixos'}. Pass --file FILE.\n`);
        return 1;
      }
      const index = await getIndex(io);
      const ws = { files: config.files, root: config.root, target: config.target };
      let answer: Answer = ask(text, ws, index);
      let learning = loadLearning(io.env);
      let understanding = rerank(answer.understanding, learning);
      if (values.pick !== undefined) {
        const n = Number(values.pick);
        const i = understanding.alternatives.findIndex((a) => a.length > 0);
        const alt = i >= 0 ? understanding.alternatives[i]![n - 1] : undefined;
        if (!Number.isInteger(n) || !alt) throw new UsageError(`there is no alternative ${values.pick} to pick`);
        understanding = { ...understanding, intents: understanding.intents.map((x, k) => (k === i ? alt.intent : x)) };
        // Picked over the first reading as understood, before learning: the same kind of request next time.
        learning = recordPick(learning, alt.intent.words, alt.intent.summary, answer.understanding.intents[i]?.summary);
        saveLearning(io.env, learning);
      }
      answer = { understanding, plan: planIntents(understanding.intents, ws, index) };
      const understood = understanding.intents.length > 0 && understanding.unknown.length === 0;
      const changes = answer.plan.files.map((f) => ({ file: f.file, text: applyEdits(config.files.get(f.file)!, f.edits) }));
      const rel = (f: string) => path.relative(io.cwd, f) || f;
      const diff = changes.map((c) => unifiedDiff(rel(c.file), config.files.get(c.file)!, c.text)).join('');
      if (values.json) {
        io.stdout(JSON.stringify({ understood, ...understanding, messages: answer.plan.messages, edits: answer.plan.files, diff }, null, 2) + '\n');
      } else if (values.diff) {
        io.stdout(diff);
      } else {
        printAnswer(io, answer, diff);
      }
      if (!understood) return 3;
      if (values.apply && changes.length) {
        try {
          writeFilesAtomically(changes, config.files);
        } catch (error) {
          io.stderr(`nix-humanity: ${error instanceof Error ? error.message : String(error)}\n`);
          return 1;
        }
        if (!values.json) io.stdout(`Wrote ${changes.map((c) => rel(c.file)).join(', ')}. Rebuild to make it real: nix-humanity rebuild switch\n`);
      } else if (!values.apply && !values.json && !values.diff && changes.length) {
        io.stdout('Nothing written yet: run again with --apply to make this edit.\n');
      }
      return 0;
    },
  };
}

function printAnswer(io: CliIO, answer: Answer, diff: string): void {
  const u = answer.understanding;
  if (u.intents.length) io.stdout('Understood:\n');
  u.intents.forEach((intent, i) => {
    io.stdout(`  - ${intent.summary}\n`);
    for (const n of intent.notes) io.stdout(`    ${n}\n`);
    const alts = u.alternatives[i] ?? [];
    if (alts.length) {
      io.stdout('    Other readings (--pick N):\n');
      alts.forEach((a, k) => io.stdout(`      ${k + 1}. ${a.intent.summary} (${a.reason})\n`));
    }
  });
  for (const x of u.unknown) {
    io.stdout(`Not understood: "${x.words}"${x.nearest.length ? `. Nearest things I know: ${x.nearest.join(', ')}` : ''}\n`);
  }
  if (answer.plan.messages.length) io.stdout(`\n${answer.plan.messages.join('\n')}\n`);
  if (diff) io.stdout(`\n${diff}`);
}
