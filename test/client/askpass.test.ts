// The askpass path for sudo -A, with the real helper (dist/askpass.cjs) run the way sudo runs it:
// the SUDO_ASKPASS program with the prompt as its argument. The password reaches the helper's
// stdout (which sudo reads) and nothing else: not the folder, the program, its argv or its env.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startAskpass, type AskpassServer } from '../../client/src/askpass';
import { root } from '../support/vsix';

const HELPER = path.join(root, 'dist', 'askpass.cjs');
const SECRET = 'correct horse battery staple';

function runHelper(program: string, prompt: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(program, [prompt], { env: { PATH: process.env.PATH } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('askpass: sudo -A asks through the editor', () => {
  let server: AskpassServer;
  const prompts: string[] = [];
  let answer: string | undefined = SECRET;

  before(async () => {
    assert.ok(existsSync(HELPER), 'dist/askpass.cjs is missing: npm run build');
    server = await startAskpass(async (prompt) => {
      prompts.push(prompt);
      return answer;
    }, process.execPath, HELPER);
  });

  after(() => server?.close());

  it('lives in a private folder: 0700, socket and token readable by the user alone', () => {
    assert.equal(statSync(server.dir).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(server.dir, 's')).mode & 0o777, 0o600);
    assert.equal(statSync(path.join(server.dir, 'token')).mode & 0o777, 0o600);
    assert.equal(statSync(server.program).mode & 0o777, 0o700);
  });

  it('hands the password to the helper on stdout, and shows the prompt', async () => {
    const waits: boolean[] = [];
    server.onPrompt((waiting) => waits.push(waiting));
    const { code, stdout } = await runHelper(server.program, '[sudo] password for me: ');
    assert.equal(code, 0);
    assert.equal(stdout, `${SECRET}\n`);
    assert.equal(prompts.at(-1), '[sudo] password for me: ');
    assert.deepEqual(waits, [true, false]);
  });

  it('the password is in no file of the folder, nor in the program sudo runs', () => {
    for (const name of readdirSync(server.dir)) {
      if (name === 's') continue;
      assert.ok(!readFileSync(path.join(server.dir, name), 'utf8').includes(SECRET), name);
    }
  });

  it('a dismissed box makes the helper fail (sudo then stops), with nothing on stdout', async () => {
    answer = undefined;
    const { code, stdout } = await runHelper(server.program, 'Password:');
    answer = SECRET;
    assert.notEqual(code, 0);
    assert.equal(stdout, '');
  });

  it('refuses a client without the current token, and a token is good once', async () => {
    const ask = (token: string) => new Promise<string>((resolve) => {
      const socket = net.connect(path.join(server.dir, 's'));
      let data = '';
      socket.on('connect', () => socket.write(JSON.stringify({ token, prompt: 'x' }) + '\n'));
      socket.on('data', (b) => (data += b));
      socket.on('end', () => resolve(data));
    });
    assert.deepEqual(JSON.parse(await ask('not-the-token')), { ok: false });
    const token = readFileSync(path.join(server.dir, 'token'), 'utf8');
    assert.equal(JSON.parse(await ask(token)).ok, true);
    assert.deepEqual(JSON.parse(await ask(token)), { ok: false }, 'the same token again');
  });
});
