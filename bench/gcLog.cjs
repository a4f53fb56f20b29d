// Preloaded into the language server by bench/lsp.ts when BENCH_GC is set (`node --require`):
// every collector pause, one line each, to the file BENCH_GC names: when it started (ms since
// the epoch, as the bench's clock), how long it took (ms), and its kind (1 scavenge, 2 minor
// mark-sweep, 4 mark-compact, 8 weak callbacks). The bench puts each pause on the keystroke it fell in.
const { PerformanceObserver, performance } = require('node:perf_hooks');
const fs = require('node:fs');
const fd = fs.openSync(process.env.BENCH_GC, 'w');
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) fs.writeSync(fd, `${(performance.timeOrigin + e.startTime).toFixed(3)} ${e.duration.toFixed(3)} ${e.detail?.kind ?? 0}\n`);
}).observe({ entryTypes: ['gc'] });
