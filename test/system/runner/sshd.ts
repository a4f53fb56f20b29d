// A private sshd on 127.0.0.1 for the --target-host / --build-host tests: a temporary host key,
// a key for the current user, and a Nix configuration for remote Nix commands (SetEnv).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitFor } from './support';

const SETUP_HINT = "Run 'npm run setup:system' to install OpenSSH for the tests.";
const SSHD = '/usr/sbin/sshd';

export class TestSshd {
  readonly dir: string;
  port = 0;
  private process: ChildProcess | undefined;
  private log = '';

  constructor(nixConfig: string) {
    for (const tool of [SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen']) {
      if (!fs.existsSync(tool)) throw new Error(`${tool} is not installed. ${SETUP_HINT}`);
    }
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-sshd-'));
    fs.writeFileSync(path.join(this.dir, 'nix.conf'), nixConfig + '\n');
    fs.mkdirSync(this.bin);
  }

  /** Early on the remote PATH: stand-in tools for the remote side. */
  get bin(): string {
    return path.join(this.dir, 'bin');
  }

  get user(): string {
    return os.userInfo().username;
  }

  /** `user@127.0.0.1` */
  get host(): string {
    return `${this.user}@127.0.0.1`;
  }

  /** ssh options reaching this sshd with the test key (also fit for NIX_SSHOPTS: no spaces). */
  get sshOptions(): string[] {
    return ['-p', String(this.port), '-i', path.join(this.dir, 'id'), '-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'];
  }

  async start(): Promise<void> {
    const key = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(this.dir, name)]);
    key('hostkey');
    key('id');
    fs.copyFileSync(path.join(this.dir, 'id.pub'), path.join(this.dir, 'authorized_keys'));
    // sshd insists on its privilege separation folder; the Debian service creates it at boot.
    if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.port = await freePort();
    const config = path.join(this.dir, 'sshd_config');
    fs.writeFileSync(config, [
      `Port ${this.port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(this.dir, 'hostkey')}`,
      `AuthorizedKeysFile ${path.join(this.dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      `PidFile ${path.join(this.dir, 'sshd.pid')}`,
      // One SetEnv line (sshd keeps the first of each keyword). bin/ comes first on the remote
      // PATH, for stand-in tools a test puts there (systemd-run).
      `SetEnv NIX_USER_CONF_FILES=${path.join(this.dir, 'nix.conf')} PATH=${this.bin}:/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin`,
      '',
    ].join('\n'));
    this.process = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    await waitFor(() => /Server listening/.test(this.log) || this.process!.exitCode !== null, 10_000, 'sshd to listen');
    if (this.process.exitCode !== null) throw new Error(`sshd did not start: ${this.log.trim()} ${SETUP_HINT}`);
    const probe = execFileSync('ssh', ['-o', 'BatchMode=yes', ...this.sshOptions, this.host, '--', 'echo', 'ready'], { encoding: 'utf8' });
    if (probe.trim() !== 'ready') throw new Error(`ssh to the test sshd failed: ${probe}`);
  }

  async stop(): Promise<void> {
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process!.once('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
