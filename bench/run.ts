// `npm run bench`: every benchmark table, one after another. Each area keeps its own script,
// which can also be run alone with `node --import tsx bench/NAME.ts`.
import { benchCli } from './cli';
import { benchEditor } from './editor';
import { benchGenerations } from './generations';
import { benchKnowledge } from './knowledge';
import { benchIntent } from './intent';
import { benchLsp } from './lsp';
import { benchParse } from './parse';
import { benchSystem } from './system';

const suites: Array<[string, () => Promise<void>]> = [
  ['Parser (server/src/syntax)', benchParse],
  ['Language server', benchLsp],
  ['System backend', benchSystem],
  ['Generations', benchGenerations],
  ['CLI processes', benchCli],
  ['NixOS knowledge', benchKnowledge],
  ['Plain-language requests (intent)', benchIntent],
  ['Editor (code-server)', benchEditor],
];

const only = process.argv.slice(2);
for (const [title, run] of suites) {
  if (only.length > 0 && !only.some((word) => title.toLowerCase().includes(word.toLowerCase()))) continue;
  console.log(`\n## ${title}\n`);
  await run();
}
