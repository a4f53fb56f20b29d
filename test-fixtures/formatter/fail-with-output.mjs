#!/usr/bin/env node
// Prints valid, formatted-looking Nix on stdout but exits non-zero with nothing on stderr: the
// output must not be used.
import { readFileSync } from 'node:fs';
readFileSync(0, 'utf8');
process.stdout.write('{\n  a = 1;\n}\n');
process.exit(3);
