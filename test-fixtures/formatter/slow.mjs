#!/usr/bin/env node
// A formatter that takes its time: `slow.mjs MARKER DELAY_MS`. Writes its pid to MARKER.started at
// once, waits DELAY_MS, then writes MARKER.done and prints the input re-indented by brace depth.
// A test that cancels it can prove it was stopped: MARKER.done never appears.
import { readFileSync, writeFileSync } from 'node:fs';
import { reindent } from './reindent.mjs';
const [marker, delay = '1000'] = process.argv.slice(2);
writeFileSync(`${marker}.started`, String(process.pid));
const input = readFileSync(0, 'utf8');
setTimeout(() => {
  writeFileSync(`${marker}.done`, String(process.pid));
  process.stdout.write(reindent(input));
}, Number(delay));
