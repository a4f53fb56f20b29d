import type { CliCommand, CliIO } from './io';

// ask and explain use the same knowledge as check and search: embedded, options.json, the folder's modules.
const intentIndex = (io: CliIO) => (require('./knowledge') as typeof import('./knowledge')).cliKnowledge(io);

/**
 * A command as `--help` lists it; its module is loaded only when it is run or its usage asked
 * for. Imported here, every command's modules (and all they import) were set up at each start:
 * `--help` spent a third of its time over a bare Node on that (94 against 85 ms of CPU).
 * test/cli/dispatch.test.ts checks each name and summary against the command's own. (require,
 * not import(): esbuild makes each a part of the bundle set up on its first require, and in tests
 * run through tsx it is the same module instance the rest imports, as in the bundle.)
 */
export interface CommandEntry {
  name: string;
  /** Internal (started by the language server): not listed in --help. */
  hidden?: boolean;
  summary: string;
  load(): CliCommand;
}

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'lsp', summary: 'Run the language server (for Neovim, Helix, Emacs, ...)', load: () => (require('./commands/lsp') as typeof import('./commands/lsp')).lspCommand },
  { name: 'check', summary: 'Report syntax errors, undefined names and other problems in .nix files', load: () => (require('./commands/check') as typeof import('./commands/check')).checkCommand },
  { name: 'option', summary: 'Show a NixOS option: description, type, default, example, where declared', load: () => (require('./commands/option') as typeof import('./commands/option')).optionCommand },
  { name: 'search', summary: 'Search NixOS options and packages by name and description', load: () => (require('./commands/search') as typeof import('./commands/search')).searchCommand },
  { name: 'rebuild', summary: 'Build the NixOS configuration and switch, test or boot into it, with live progress', load: () => (require('./commands/rebuild') as typeof import('./commands/rebuild')).rebuildCommand },
  { name: 'rollback', summary: 'Go back to the previous (or a chosen) system generation', load: () => (require('./commands/rollback') as typeof import('./commands/rollback')).rollbackCommand },
  { name: 'generations', summary: 'List the system generations (current and known-good ones marked)', load: () => (require('./commands/generations') as typeof import('./commands/generations')).generationsCommand },
  { name: 'diff', summary: 'Show the packages that changed between two generations', load: () => (require('./commands/diff') as typeof import('./commands/diff')).diffCommand },
  { name: 'ask', summary: 'Change the configuration from a request in plain words', load: () => (require('./commands/ask') as typeof import('./commands/ask')).makeAskCommand(intentIndex) },
  { name: 'explain', summary: 'Say in plain words what each line of a configuration does', load: () => (require('./commands/explain') as typeof import('./commands/explain')).makeExplainCommand(intentIndex) },
  { name: '__runner', hidden: true, summary: 'Run an editor operation apart from the language server (internal)', load: () => (require('./commands/runner') as typeof import('./commands/runner')).runnerCommand },
];
