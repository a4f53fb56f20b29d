import type { CliCommand } from './io';
import { lspCommand } from './commands/lsp';
import { checkCommand } from './commands/check';
import { generationsCommand } from './commands/generations';
import { diffCommand } from './commands/diff';

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [lspCommand, checkCommand, generationsCommand, diffCommand];
