import type { CliCommand } from '../io';
import { UsageError } from '../io';
import { parseCommandArgs } from '../args';
import type { RollbackAction } from '../../protocol/rebuild';
import { ROLLBACK_ACTIONS, type RollbackOptions } from '../../system/rebuild/options';
import { resolvedRollbackPlan, thisMachine } from '../../system/rebuild/plan';
import { runRollback } from '../../system/rebuild/runner';
import { elevationOption, exitCode, hostOption, printPlan, RebuildOutput, sshOptionsFromEnv } from './rebuild';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  summary: 'Go back to the previous (or a chosen) system generation',
  usage: `Usage: nix-humanity rollback [--to N] [--action switch|boot|test] [options]

Points the system profile back at an older generation and activates it.
Without --to it goes to the newest older generation known to have activated
cleanly (the previous one when nothing is known). No build is needed.

Options:
  --to N                 Switch to generation N (see 'nix-humanity generations')
  --action ACTION        switch (default): profile and running system;
                         boot: profile only, used at the next boot;
                         test: running system only, profile unchanged
  --profile PATH         The system profile (default /nix/var/nix/profiles/system)
  --specialisation NAME  Activate this specialisation of the generation
  --target-host HOST     Roll back that machine over ssh (NIX_SSHOPTS applies)
  --elevate METHOD       auto | none | sudo | pkexec | run0 | doas (default auto)
  --json                 One JSON object per line, ending with the result
  --plan                 Run nothing: print the plan, the generation it goes
                         to and the commands that change the system, with
                         how each gets root (with --json: one object)`,
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      to: { type: 'string' },
      action: { type: 'string' },
      profile: { type: 'string' },
      specialisation: { type: 'string' },
      'target-host': { type: 'string' },
      elevate: { type: 'string' },
      json: { type: 'boolean' },
      plan: { type: 'boolean' },
    }, false);
    const action = values.action ?? 'switch';
    if (!ROLLBACK_ACTIONS.includes(action as RollbackAction)) throw new UsageError(`unknown action '${action}' (switch, boot or test)`);
    if (values.to !== undefined && !/^\d+$/.test(values.to)) throw new UsageError(`'${values.to}' is not a generation number`);
    hostOption(values['target-host'], '--target-host');
    const options: RollbackOptions = {
      action: action as RollbackAction,
      ...(values.to !== undefined ? { to: Number(values.to) } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values.specialisation !== undefined ? { specialisation: values.specialisation } : {}),
      ...(values['target-host'] !== undefined ? { targetHost: values['target-host'] } : {}),
      ...sshOptionsFromEnv(io.env),
      elevate: elevationOption(values.elevate),
      env: io.env,
      cwd: io.cwd,
      signal: io.signal,
      interactive: io.isTTY,
    };
    if (values.plan) return printPlan(resolvedRollbackPlan(options, thisMachine(options)), io, Boolean(values.json));
    const output = new RebuildOutput(io, Boolean(values.json));
    const result = await runRollback(options, (event) => output.event(event));
    return exitCode(result);
  },
};
