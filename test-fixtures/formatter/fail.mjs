#!/usr/bin/env node
// Fails like a formatter that rejects its input.
process.stderr.write('\nerror: unexpected token at 1:3\n  more detail\n');
process.exit(1);
