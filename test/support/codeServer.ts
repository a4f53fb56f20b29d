// Starts a real VS Code (code-server) with the packaged extension installed, and a headless
// Chromium driving it. See scripts/install-code-server.sh for how code-server gets here.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';
const INSTALL_HINT = 'Install it with: bash scripts/install-system-deps.sh (it runs scripts/install-code-server.sh)';

export function codeServerEntry(): string {
  const dir =
    process.env.NIX_HUMANITY_CODE_SERVER_DIR ??
    path.join(os.homedir(), '.cache/nix-humanity', `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(dir, 'node_modules/code-server/out/node/entry.js');
  if (!existsSync(path.join(dir, '.complete')) || !existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${dir}. ${INSTALL_HINT}`);
  }
  if (!existsSync('/usr/bin/chromium')) throw new Error(`Chromium is not installed. ${INSTALL_HINT}`);
  return entry;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Editor {
  page: Page;
  workspace: string;
  extensionsDir: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Installs `vsix` into a fresh code-server, opens `files` as a workspace and returns the page.
 * `env` is added to code-server's environment, which its extension host and language server inherit.
 */
export async function openEditor(vsix: string, files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<Editor> {
  const entry = codeServerEntry();
  const base = mkdtempSync(path.join(os.tmpdir(), 'nix-humanity-e2e-'));
  const userData = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  const workspace = path.join(base, 'workspace');
  const shots = path.resolve(import.meta.dirname, '../../.test-tmp/screenshots');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  mkdirSync(shots, { recursive: true });
  writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
    }),
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    writeFileSync(path.join(workspace, name), text);
  }

  execFileSync(process.execPath, [entry, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    stdio: 'pipe',
  });

  const port = await freePort();
  const server: ChildProcess = spawn(
    process.execPath,
    [
      entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
      '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData,
      '--extensions-dir', extensionsDir, workspace,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let serverLog = '';
  server.stdout!.on('data', (b) => (serverLog += b));
  server.stderr!.on('data', (b) => (serverLog += b));
  await waitForHttp(port, server, () => serverLog);

  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  return {
    page,
    workspace,
    extensionsDir,
    async screenshot(name) {
      const file = path.join(shots, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close().catch(() => undefined);
      server.kill('SIGTERM');
    },
  };
}

async function waitForHttp(port: number, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited early:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not listen on ${port} within 60 s:\n${log()}`);
}
