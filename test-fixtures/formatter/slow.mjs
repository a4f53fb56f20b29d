#!/usr/bin/env node
// A formatter that takes its time: `slow.mjs MARKER DELAY_MS`. Writes its pid to MARKER.started at
// once, waits DELAY_MS, then writes MARKER.done and prints the input re-indented by brace depth.
// A test that cancels it can prove it was stopped: MARKER.done never appears.
import { readFileSync, writeFileSync } from 'node:fs';
const [marker, delay = '1000'] = process.argv.slice(2);
writeFileSync(`${marker}.started`, String(process.pid));
const input = readFileSync(0, 'utf8');
setTimeout(() => {
  writeFileSync(`${marker}.done`, String(process.pid));
  let depth = 0;
  const out = [];
  for (const raw of input.split('\n')) {
    const line = raw.trim();
    if (/^[}\])]/.test(line)) depth = Math.max(0, depth - 1);
    out.push(line === '' ? '' : '  '.repeat(depth) + line);
    const opens = (line.match(/[{[(]/g) ?? []).length;
    const closes = (line.match(/[}\])]/g) ?? []).length - (/^[}\])]/.test(line) ? 1 : 0);
    depth = Math.max(0, depth + opens - closes);
  }
  process.stdout.write(out.join('\n'));
}, Number(delay));
