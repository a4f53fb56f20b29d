import type { CliCommand } from './io';
import { lspCommand } from './commands/lsp';
import { checkCommand } from './commands/check';
import { rebuildCommand } from './commands/rebuild';
import { rollbackCommand } from './commands/rollback';
import { generationsCommand } from './commands/generations';
import { diffCommand } from './commands/diff';
import { optionCommand } from './commands/option';
import { searchCommand } from './commands/search';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  lspCommand,
  checkCommand,
  optionCommand,
  searchCommand,
  rebuildCommand,
  rollbackCommand,
  generationsCommand,
  diffCommand,
];
