import { execFileSync } from 'node:child_process';

const INSTALL_HINT = 'Install the test tools with: bash scripts/install-system-deps.sh';

/**
 * Fails (never skips) when a system tool the test needs is missing, naming the install command:
 * CI installs these tools, so a missing one is a broken setup, not a reason to pass.
 */
export function requireTool(command: string, versionFlag = '--version'): void {
  try {
    execFileSync(command, [versionFlag], { stdio: 'pipe' });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'is not installed' : 'does not run';
    throw new Error(`'${command}' ${reason}. ${INSTALL_HINT}`);
  }
}
