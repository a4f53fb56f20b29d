// The knowledge shipped inside the extension (server/src/knowledge/data/): common NixOS options,
// renamed options, popular packages, everyday names and lib functions. The JSON is bundled with
// the server; it is read into records on first use only, once, so a session that never touches
// a NixOS module pays nothing for it. The bundle reads each file from dist/data/ when asked
// (esbuild.mjs), parsed here; run from source (tests), the import is the object itself.
import type { KnowledgeLayer } from './model.js';
import { NixosIndex } from './nixosIndex.js';
import { readEverydayNames, readLibJson, readOptionsJson, readPackagesJson, readRenamedOptions } from './readers.js';
import optionsData from './data/options.json';
import renamedData from './data/renamed-options.json';
import packagesData from './data/packages.json';
import everydayData from './data/everyday-names.json';
import libData from './data/lib.json';

// (the bundle gives a function that reads the file from dist/data/: esbuild.mjs)
const data = (d: unknown): unknown => (typeof d === 'function' ? JSON.parse(d() as string) : typeof d === 'string' ? JSON.parse(d) : d);

let layer: KnowledgeLayer | undefined;
let index: NixosIndex | undefined;

/** The embedded layer, read on the first call. */
export function embeddedLayer(): KnowledgeLayer {
  return (layer ??= {
    source: 'embedded',
    options: readOptionsJson(data(optionsData), 'embedded'),
    renamed: readRenamedOptions(data(renamedData), 'embedded'),
    packages: readPackagesJson(data(packagesData), 'embedded'),
    everydayNames: readEverydayNames(data(everydayData)),
    lib: readLibJson(data(libData)),
  });
}

/** An index of the embedded layer alone (what a session starts with, and what untrusted folders keep). */
export function embeddedIndex(): NixosIndex {
  return (index ??= new NixosIndex([embeddedLayer()]));
}
