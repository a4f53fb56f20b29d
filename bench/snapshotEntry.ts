// The entry of the start-up snapshot that bench/startupSnapshot.ts tries (not shipped; see
// docs/performance.md): the CLI and server bundle's modules loaded, and with SNAPSHOT_WARM set,
// the embedded knowledge read and a configuration analysed that many times, then the process
// state kept; a process started from the snapshot runs the CLI with its own arguments.
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { startCli } from '../server/src/cli/start';
import '../server/src/lsp/stdio';
import { embeddedIndex } from '../server/src/knowledge/embedded';
import { analyseText, diagnosticsOf } from '../server/src/ide/analysisHost';

const warm = Number(process.env.SNAPSHOT_WARM ?? 0);
if (warm > 0) {
  const index = embeddedIndex();
  const text = readFileSync(process.env.SNAPSHOT_WARM_FILE!, 'utf8');
  for (let i = 0; i < warm; i++) diagnosticsOf(analyseText('file:///warm.nix', text, undefined, index));
}
v8.startupSnapshot.setDeserializeMainFunction(() => startCli(process.argv.slice(2)));
