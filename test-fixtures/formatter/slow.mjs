#!/usr/bin/env node
// A formatter that takes its time: `slow.mjs MARKER DELAY_MS`. Writes its pid to MARKER.started at
// once, waits DELAY_MS, then writes MARKER.done and prints the input re-indented by brace depth.
// A test that cancels it can prove it was stopped: MARKER.done never appears. MARKER.started is
// written aside and renamed, so a test that sees it also reads the pid (never an empty file).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { reindent } from './reindent.mjs';
const [marker, delay = '1000'] = process.argv.slice(2);
writeFileSync(`${marker}.starting`, String(process.pid));
renameSync(`${marker}.starting`, `${marker}.started`);
const input = readFileSync(0, 'utf8');
setTimeout(() => {
  writeFileSync(`${marker}.done`, String(process.pid));
  process.stdout.write(reindent(input));
}, Number(delay));
