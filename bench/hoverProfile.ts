// In process: hover (the ide part and the plain-words explanation apart) and completion at 500
// seeded identifiers of the 10 000-line realConfiguration, as bench/lsp.ts asks them, without
// LSP or stdio. For profiles: `node --cpu-prof --import tsx bench/hoverProfile.ts`.
import { realConfiguration } from './bigConfiguration';
import { AnalysisHost } from '../server/src/ide/analysisHost.js';
import { embeddedIndex } from '../server/src/knowledge/embedded.js';
import { embeddedKnowledge } from '../server/src/knowledge/builtins.js';
import { hover } from '../server/src/ide/hover.js';
import { complete } from '../server/src/ide/completion.js';
import { outlineOf } from '../server/src/ide/nixosContext.js';
import { explainText } from '../server/src/intent/index.js';
import { lex, SyntaxKind, lineIndex } from '../server/src/syntax/index.js';
import { seeded } from './lsp';

function stats(xs: number[]): { p50: string; p90: string; p99: string; n: number } {
  const s = [...xs].sort((x, y) => x - y);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(2);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), n: s.length };
}

const index = embeddedIndex();
const knowledge = embeddedKnowledge();
const text = realConfiguration();
const host = new AnalysisHost(undefined, () => index);
const snap = host.get({ uri: 'file:///bench.nix', version: 1, getText: () => text });
const a = snap.analysis!;
const lines = lineIndex(text);
const tokens = lex(text);
const identifiers: Array<[number, number]> = [];
for (let i = 0; i < tokens.count; i++) if (tokens.kinds[i] === SyntaxKind.Ident) identifiers.push([tokens.starts[i]!, tokens.starts[i + 1]!]);
const random = seeded(16);
const pool = [...identifiers];
const offsets: number[] = [];
while (offsets.length < 500) {
  const [s, e] = pool.splice(Math.floor(random() * pool.length), 1)[0]!;
  offsets.push(s + 1 + Math.floor(random() * (e - s - 1)));
}
const t0 = performance.now();
outlineOf(a);
console.log(`outline once per version: ${(performance.now() - t0).toFixed(2)} ms`);
const rounds = Number(process.env.ROUNDS ?? 1);
const ide: number[] = [], plain: number[] = [], comp: number[] = [];
for (let r = 0; r < rounds; r++) for (const o of offsets) {
  let t = performance.now();
  hover(a, o, knowledge, index);
  ide.push(performance.now() - t);
  t = performance.now();
  explainText(text, index, 'friendly', lines.positionAt(o).line, outlineOf(a));
  plain.push(performance.now() - t);
  t = performance.now();
  complete(a, o, knowledge, index);
  comp.push(performance.now() - t);
}
for (const [name, xs] of [['hover (ide)', ide], ['hover (plain words)', plain], ['completion', comp]] as const) {
  const s = stats(xs);
  console.log(`| ${name} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.n} |`);
}
