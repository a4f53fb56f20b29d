// The installed Nix's own builtin documentation (`nix __dump-builtins`), for
// hover and completion. Only the LSP layer calls this, and only in trusted
// workspaces: `nix.path` is a setting a repository could point elsewhere.
import { runProcess } from './exec.js';

/** The JSON text Nix prints, or undefined when Nix is missing or fails (the embedded docs are used then). */
export async function dumpBuiltins(nixPath: string, signal?: AbortSignal): Promise<string | undefined> {
  // Newer Nix hides this command behind nix-command; older ones reject the flag name, so try both.
  for (const args of [['--extra-experimental-features', 'nix-command', '__dump-builtins'], ['__dump-builtins']]) {
    const r = await runProcess(nixPath, args, { signal, timeoutMs: 10_000 });
    if (r.spawnError || r.cancelled) return undefined;
    if (r.exitCode === 0 && r.stdout.trimStart().startsWith('{')) return r.stdout;
  }
  return undefined;
}
