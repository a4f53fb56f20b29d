#!/usr/bin/env node
// Prints text that is not valid Nix.
process.stdin.resume();
process.stdin.on('end', () => process.stdout.write('{ a = ;\n'));
