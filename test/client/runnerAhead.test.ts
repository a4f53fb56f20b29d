// A runner started ahead (as the confirmation opens) listens on its socket while it waits for its
// input, so the server can attach before the run starts; one that is not used removes its socket
// and folders. Real runner processes (dist/cli.cjs __runner); no Nix needed: no run is given.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { discardWarm, warmRunner, type WarmRunner } from '../../server/src/system/detached/client';
import { STATE_FILE } from '../../server/src/system/detached/state';
import { processesWith, waitFor } from '../system/runner/support';
import { root } from '../support/vsix';

const CLI = path.join(root, 'dist', 'cli.cjs');

describe('a runner started ahead (real runner processes)', function () {
  this.timeout(30_000);
  let base: string;
  const saved = process.env.NIX_HUMANITY_NO_COMPILE_CACHE;

  before(() => {
    // A runner that never runs would leave a code cache without the run's code in the user's cache.
    process.env.NIX_HUMANITY_NO_COMPILE_CACHE = '1';
  });
  after(() => {
    if (saved === undefined) delete process.env.NIX_HUMANITY_NO_COMPILE_CACHE;
    else process.env.NIX_HUMANITY_NO_COMPILE_CACHE = saved;
  });
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-ahead-'));
  });
  afterEach(() => {
    for (const line of processesWith(base)) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(base, { recursive: true, force: true });
  });

  const start = (runs: string): WarmRunner => {
    const warm = warmRunner({ command: process.execPath, args: [CLI] }, { NIX_HUMANITY_RUNS_DIR: runs }, base);
    assert.ok(warm, 'the runner started');
    return warm;
  };

  it('listens before its input comes (socket 0600, no state yet), holds a connection unanswered, and an unused one removes socket and folder', async () => {
    const warm = start(path.join(base, 'runs'));
    // Made 0600 right after it is bound (meanwhile the 0700 folder keeps others out).
    await waitFor(() => fs.existsSync(warm.socket) && (fs.statSync(warm.socket).mode & 0o777) === 0o600, 10_000, 'the socket of the waiting runner, 0600');
    assert.equal(fs.statSync(warm.dir).mode & 0o777, 0o700);
    assert.equal(fs.existsSync(path.join(warm.dir, STATE_FILE)), false, 'no state before the run');
    // A connection before the input: held, nothing is said on it (no token has been checked yet).
    const socket = net.connect(warm.socket);
    let heard = '';
    socket.on('data', (d) => (heard += d.toString()));
    const closed = new Promise((r) => socket.once('close', r));
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(JSON.stringify({ type: 'attach', token: 'not-the-token' }) + '\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(heard, '', 'no event before the input');
    discardWarm(warm);
    await closed;
    assert.equal(heard, '');
    await waitFor(() => processesWith(warm.dir).length === 0, 10_000, 'the unused runner to exit');
    await waitFor(() => !fs.existsSync(warm.dir), 5_000, 'its folder to go');
    assert.deepEqual(fs.readdirSync(path.join(base, 'runs')), []);
  });

  it('a socket path too long for its folder goes to a private temporary folder, removed with an unused runner', async () => {
    const runs = path.join(base, 'r'.repeat(100));
    const warm = start(runs);
    assert.notEqual(path.dirname(warm.socket), warm.dir);
    await waitFor(() => fs.existsSync(warm.socket), 10_000, 'the socket of the waiting runner');
    discardWarm(warm);
    await waitFor(() => processesWith(warm.dir).length === 0, 10_000, 'the unused runner to exit');
    await waitFor(() => !fs.existsSync(path.dirname(warm.socket)), 5_000, 'the private socket folder to go');
    assert.equal(fs.existsSync(warm.dir), false);
  });
});
