#!/usr/bin/env node
// A tiny "formatter" for tests: re-indents by brace depth (2 spaces) and trims trailing spaces.
import { readFileSync } from 'node:fs';
import { reindent } from './reindent.mjs';
process.stdout.write(reindent(readFileSync(0, 'utf8')));
