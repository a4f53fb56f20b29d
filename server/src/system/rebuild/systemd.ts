// Whether switch-to-configuration runs inside `systemd-run` (a transient service, so the
// activation survives the editor or the ssh session that started it), as nixos-rebuild does:
// only where systemd is really running, here or on the target host (asked there).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Session } from './session';

/** systemd's own test for "booted with systemd" (sd_booted): /run/systemd/system exists. */
export const SYSTEMD_MARKER = 'run/systemd/system';

/** `root` moves the check under another folder (tests; default the real root). */
export function runsSystemd(root = '/'): boolean {
  return fs.existsSync(path.join(root, SYSTEMD_MARKER));
}

/**
 * The decision for one activation: an explicit `override` wins; otherwise look here, or on
 * `host` over ssh (one `test -d` on the shared connection), and only when it is needed.
 */
export async function wantsSystemdRun(session: Session, host: string | undefined, override: boolean | undefined, root = '/'): Promise<boolean> {
  if (override !== undefined) return override;
  if (!host) return runsSystemd(root);
  const { result } = await session.runPlain(['test', '-d', path.posix.join(root, SYSTEMD_MARKER)], { host, quiet: true });
  return result.exitCode === 0;
}
