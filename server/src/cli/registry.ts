import type { CliCommand } from './io';
import { lspCommand } from './commands/lsp';
import { checkCommand } from './commands/check';
import { rebuildCommand } from './commands/rebuild';
import { rollbackCommand } from './commands/rollback';
import { generationsCommand } from './commands/generations';
import { diffCommand } from './commands/diff';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  lspCommand,
  checkCommand,
  rebuildCommand,
  rollbackCommand,
  generationsCommand,
  diffCommand,
];
