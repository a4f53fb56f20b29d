// `npm start`: try the extension without touching this machine's system. Builds and packages the
// VSIX, installs it into the code-server the tests use, writes a demo workspace (a configuration
// wired to the stand-in NixOS, a profile and state folder in a temporary folder, no elevation),
// serves it on 127.0.0.1 and prints the address. Ctrl+C stops code-server and removes it all.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry } from '../test/support/codeServer';
import { buildVsix, root } from '../test/support/vsix';

const STANDIN = path.join(root, 'test-fixtures', 'nixos-standin');
// No daemon, no network, no nixbld group: what real Nix needs to build as root without a daemon.
const NIX_CONFIG = 'sandbox = false\nsubstituters =\nbuild-users-group =\nexperimental-features = nix-command flakes';

async function freePort(wanted: number): Promise<number> {
  const tryPort = (port: number) => new Promise<number | undefined>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const actual = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(actual));
    });
  });
  return (await tryPort(wanted)) ?? (await tryPort(0))!;
}

const entry = codeServerEntry();
const base = mkdtempSync(path.join(os.tmpdir(), 'nix-humanity-demo-'));
let stopping = false;
const cleanup = () => rmSync(base, { recursive: true, force: true });

console.log('Building and packaging the extension...');
const vsix = buildVsix(base);
const machine = path.join(base, 'machine');
const workspace = path.join(base, 'demo');
const userData = path.join(base, 'user-data');
const extensions = path.join(base, 'extensions');
mkdirSync(path.join(machine, 'profiles'), { recursive: true });
mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
mkdirSync(path.join(userData, 'User'), { recursive: true });
cpSync(path.join(root, 'test-fixtures', 'demo'), workspace, { recursive: true });
writeFileSync(path.join(workspace, 'hardware-configuration.nix'), `# In a real system this file describes the hardware. In the demo it wires the stand-in NixOS
# to a throwaway folder: activations are written to a log instead of changing anything.
{ ... }:
{
  standin.activationLog = "${machine}/activations.log";
  standin.marker = "nix-humanity-demo";
}
`);
writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
  'nixHumanity.system.backend': 'direct',
  'nixHumanity.system.elevate': 'none',
  'nixHumanity.system.searchPath': [`nixpkgs=${path.join(STANDIN, 'nixpkgs')}`, 'nixos-config=${workspaceFolder}/configuration.nix'],
  'nixHumanity.system.profile': path.join(machine, 'profiles', 'system'),
  'nixHumanity.system.env': {
    NIX_CONFIG,
    NIX_HUMANITY_STATE_DIR: path.join(machine, 'state'),
    NIX_HUMANITY_CURRENT_SYSTEM: path.join(machine, 'current-system'),
  },
}, null, 2));
writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
}));
execFileSync(process.execPath, [entry, '--extensions-dir', extensions, '--install-extension', vsix], { stdio: 'pipe' });

const port = await freePort(Number(process.env.PORT ?? 8080));
const server = spawn(process.execPath, [
  entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, workspace,
], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let log = '';
server.stdout!.on('data', (b) => (log += b));
server.stderr!.on('data', (b) => (log += b));

function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server...');
  // Its whole process group: the server, its extension host and our language server under it.
  try {
    process.kill(-server.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  const killTimer = setTimeout(() => {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }, 5000);
  server.once('exit', () => {
    clearTimeout(killTimer);
    cleanup();
    process.exit(code);
  });
  if (server.exitCode !== null) server.emit('exit');
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => {
  if (stopping) return;
  console.error(`code-server exited (${code}):\n${log}`);
  cleanup();
  process.exit(1);
});

const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
const deadline = Date.now() + 60_000;
for (;;) {
  const up = await new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (up) break;
  if (Date.now() > deadline) {
    console.error(`code-server did not start:\n${log}`);
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`
Nix for Humanity is running in VS Code (code-server) with a demo NixOS configuration:

    ${url}

Open configuration.nix and press Apply. It builds with real Nix against a stand-in NixOS into
${machine}: nothing on this machine's own system changes.
Press Ctrl+C to stop (it removes the demo folder).`);
