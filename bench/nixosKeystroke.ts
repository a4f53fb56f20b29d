// In-process: one keystroke's diagnostics on the 10 000-line realConfiguration, with and
// without the embedded NixOS index (no LSP, no stdio): what the NixOS checks add per keystroke.
import { realConfiguration } from './bigConfiguration';
import { AnalysisHost } from '../server/src/ide/analysisHost.js';
import { embeddedIndex } from '../server/src/knowledge/embedded.js';
import { EMPTY_INDEX } from '../server/src/ide/nixosContext.js';

function run(withIndex: boolean, n = 200): { p50: number; p90: number } {
  const index = withIndex ? embeddedIndex() : EMPTY_INDEX;
  const host = new AnalysisHost(undefined, () => index);
  let text = realConfiguration();
  let version = 1;
  const uri = 'file:///bench.nix';
  host.get({ uri, version, getText: () => text }).diagnostics;
  // type inside the string values of the modules, one character at a time, spread over the file
  const at: number[] = [];
  for (let i = text.indexOf('description = "'); i >= 0 && at.length < 40; i = text.indexOf('description = "', i + 1)) at.push(i + 15);
  const times: number[] = [];
  for (let k = 0; k < n; k++) {
    const pos = at[k % at.length]! + Math.floor(k / at.length);
    text = text.slice(0, pos) + 'x' + text.slice(pos);
    for (let j = 0; j < at.length; j++) if (at[j]! > pos) at[j]!++;
    const t0 = performance.now();
    host.get({ uri, version: ++version, getText: () => text }).diagnostics;
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { p50: times[Math.floor(n / 2)]!, p90: times[Math.floor(n * 0.9)]! };
}

embeddedIndex();
for (const w of [false, true]) {
  const r = run(w);
  console.log(`${w ? 'embedded index' : 'no index      '}: p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms`);
}
