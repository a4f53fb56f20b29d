#!/usr/bin/env node
// A formatter behind a wrapper, as a script that starts the real one and waits for it:
// `wrapper.mjs MARKER DELAY_MS` runs slow.mjs with the same arguments, passing stdin and
// stdout through. Stopping the wrapper alone leaves slow.mjs running (it writes MARKER.done).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const slow = path.join(path.dirname(fileURLToPath(import.meta.url)), 'slow.mjs');
const child = spawn(process.execPath, [slow, ...process.argv.slice(2)], { stdio: 'inherit' });
// (a wrapper that ignores SIGTERM, as a shell running a command in the foreground does not pass it on)
process.on('SIGTERM', () => {});
child.on('exit', (code) => process.exit(code ?? 1));
