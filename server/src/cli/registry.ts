import type { CliCommand, CliIO } from './io';
import { lspCommand } from './commands/lsp';
import { checkCommand } from './commands/check';
import { rebuildCommand } from './commands/rebuild';
import { rollbackCommand } from './commands/rollback';
import { generationsCommand } from './commands/generations';
import { diffCommand } from './commands/diff';
import { optionCommand } from './commands/option';
import { searchCommand } from './commands/search';
import { makeAskCommand } from './commands/ask';
import { makeExplainCommand } from './commands/explain';
import { runnerCommand } from './commands/runner';
import { cliKnowledge } from './knowledge';

// ask and explain use the same knowledge as check and search: embedded, options.json, the folder's modules.
const intentIndex = (io: CliIO) => cliKnowledge(io);

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
  makeAskCommand(intentIndex),
  makeExplainCommand(intentIndex),
  runnerCommand,
];
