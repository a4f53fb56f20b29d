// The memory child of bench/knowledge.ts: in a fresh process, resident memory before and after
// loading the index from the disk cache. Run bundled with plain Node (as the server runs it) and
// under tsx (which itself holds some 35 MB more), so both are printed.
import { NixosIndex } from '../server/src/knowledge/nixosIndex';
import { readCache } from '../server/src/knowledge/sources/cache';

const [dir, key] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().rss;
const index = new NixosIndex([readCache(dir!, key!)!]);
gc?.();
const after = process.memoryUsage();
// the first did-you-mean builds its length buckets: what a session holds once it has used one
index.nearestPackages('exampel');
index.nearestOptions(['services', 'exampel', 'enable']);
gc?.();
const used = process.memoryUsage();
console.log(JSON.stringify({ before, after: after.rss, heap: after.heapUsed, external: after.external, used: used.rss, options: index.size.options, packages: index.size.packages }));
