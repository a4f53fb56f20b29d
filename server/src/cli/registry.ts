import type { CliCommand } from './io';
import { lspCommand } from './commands/lsp';
import { checkCommand } from './commands/check';
import { rebuildCommand } from './commands/rebuild';
import { rollbackCommand } from './commands/rollback';
import { generationsCommand } from './commands/generations';
import { diffCommand } from './commands/diff';
import { makeAskCommand } from './commands/ask';
import { makeExplainCommand } from './commands/explain';
import { NixosIndex } from '../knowledge/nixosIndex';

// The NixOS index for ask/explain: the knowledge sources' loader (cliKnowledge) once it is on
// main; until then an empty index (the hand-written families work, package names do not).
const noIndex = new NixosIndex([]);
const intentIndex = () => noIndex;

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  lspCommand,
  checkCommand,
  rebuildCommand,
  rollbackCommand,
  generationsCommand,
  diffCommand,
  makeAskCommand(intentIndex),
  makeExplainCommand(intentIndex),
];
