import { COMMANDS } from './registry';
import { UsageError, type CliIO } from './io';
import { VERSION } from '../version';

const HELP_HINT = "Run 'nix-humanity --help' for usage.";

export function helpText(): string {
  const listed = COMMANDS.filter((c) => !c.hidden);
  const width = Math.max(...listed.map((c) => c.name.length));
  const lines = listed.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `nix-humanity ${VERSION}: NixOS configuration tools for people

Usage: nix-humanity <command> [options]

Commands:
${lines.join('\n')}

Options:
  -h, --help     Show this help, or a command's help with 'nix-humanity <command> --help'
  -V, --version  Show the version
`;
}

/** Runs the CLI with `args` (without node and script) and returns the exit code. */
export async function dispatch(args: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic !== undefined) {
      const entry = COMMANDS.find((c) => c.name === topic);
      if (!entry) return usageError(io, `unknown command '${topic}'`);
      io.stdout(entry.load().usage + '\n');
      return 0;
    }
    io.stdout(helpText());
    return 0;
  }
  if (first === '-V' || first === '--version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (first.startsWith('-')) return usageError(io, `unknown option '${first}'`);
  const entry = COMMANDS.find((c) => c.name === first);
  if (!entry) return usageError(io, `unknown command '${first}'`);
  const command = entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, `${command.name}: ${error.message}`);
    throw error;
  }
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`nix-humanity: ${message}. ${HELP_HINT}\n`);
  return 2;
}
