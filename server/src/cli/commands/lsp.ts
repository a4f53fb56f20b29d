import type { CliCommand } from '../io';
import { parseCommandArgs } from '../args';
import { UsageError } from '../io';

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'Run the language server (for Neovim, Helix, Emacs, ...)',
  usage: `Usage: nix-humanity lsp --stdio

Runs the Nix for Humanity language server, speaking the Language Server Protocol
over standard input and output.

Options:
  --stdio                  Use standard input and output (required)
  --clientProcessId PID    Exit when the editor process PID is gone
                           (vscode-languageclient passes it)`,
  async run(args) {
    // vscode-languageclient appends --clientProcessId; the connection reads it from argv itself.
    const { values } = parseCommandArgs(args, { stdio: { type: 'boolean' }, clientProcessId: { type: 'string' } }, false);
    if (values.clientProcessId !== undefined && !/^\d+$/.test(values.clientProcessId)) {
      throw new UsageError(`--clientProcessId wants a process id, not '${values.clientProcessId}'`);
    }
    if (!values.stdio) throw new UsageError('lsp needs --stdio (the only transport)');
    // loaded here: the other commands need none of the server (nor vscode-languageserver)
    const { startStdioServer } = await import('../../lsp/stdio');
    await startStdioServer();
    return 0;
  },
};
