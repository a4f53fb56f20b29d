import type { CliCommand } from '../io';
import { parseCommandArgs } from '../args';
import { UsageError } from '../io';
import { startStdioServer } from '../../lsp/stdio';

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'Run the language server (for Neovim, Helix, Emacs, ...)',
  usage: `Usage: nix-humanity lsp --stdio

Runs the Nix for Humanity language server, speaking the Language Server Protocol
over standard input and output.`,
  async run(args) {
    const { values } = parseCommandArgs(args, { stdio: { type: 'boolean' } }, false);
    if (!values.stdio) throw new UsageError('lsp needs --stdio (the only transport)');
    await startStdioServer();
    return 0;
  },
};
