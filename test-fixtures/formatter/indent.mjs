#!/usr/bin/env node
// A tiny "formatter" for tests: re-indents by brace depth (2 spaces) and trims trailing spaces.
import { readFileSync } from 'node:fs';
const input = readFileSync(0, 'utf8');
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
