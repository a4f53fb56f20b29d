// The index the intent tests and the benchmark use: the embedded knowledge, read by
// knowledge/embedded.ts as the server and the CLI read it.
import { embeddedIndex, embeddedLayer } from '../../server/src/knowledge/embedded.js';
import type { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';

export function testIndex(): NixosIndex {
  return embeddedIndex();
}

/** What people call things, as the embedded data says (for indexes built by hand, e.g. the benchmark's). */
export function everydayNames(): Record<string, string[]> {
  return embeddedLayer().everydayNames ?? {};
}
