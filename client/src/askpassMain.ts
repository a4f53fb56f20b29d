// The SUDO_ASKPASS helper: `askpass.cjs DIR [PROMPT]`. Sends the prompt with the one-time token
// from DIR/token over DIR/s to the extension, prints the password on stdout for sudo, exit 1
// when none was given. It writes nothing else anywhere.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const [dir, prompt] = process.argv.slice(2);
if (!dir) process.exit(2);
let token: string;
try {
  token = fs.readFileSync(path.join(dir, 'token'), 'utf8').trim();
} catch {
  process.exit(1);
}
const socket = net.connect(path.join(dir, 's'));
let data = '';
socket.setEncoding('utf8');
socket.on('connect', () => socket.write(JSON.stringify({ token, prompt: prompt ?? 'Password:' }) + '\n'));
socket.on('data', (chunk: string) => (data += chunk));
socket.on('error', () => process.exit(1));
socket.on('end', () => {
  try {
    const answer = JSON.parse(data) as { ok?: boolean; password?: unknown };
    if (answer.ok && typeof answer.password === 'string') {
      process.stdout.write(answer.password + '\n', () => process.exit(0));
      return;
    }
  } catch {
    // fall through: no password
  }
  process.exit(1);
});
