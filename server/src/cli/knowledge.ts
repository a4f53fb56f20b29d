// The NixOS knowledge a CLI command uses: the embedded layer, an options.json (given, or found in
// the current folder's `result/`), the current folder's own modules, and with --live the user's
// system evaluated with their Nix (cached on disk like the editor's).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { embeddedLayer } from '../knowledge/embedded.js';
import type { KnowledgeLayer } from '../knowledge/model.js';
import { NixosIndex } from '../knowledge/nixosIndex.js';
import { knowledgeCacheDir } from '../knowledge/sources/cache.js';
import { loadOptionsJson, optionsJsonCandidates } from '../knowledge/sources/optionsJson.js';
import { WorkspaceModules } from '../knowledge/sources/workspaceModules.js';
import { loadLiveLayer } from '../system/liveLayer.js';
import { findNixFiles, SKIPPED_DIRS } from '../system/nixFiles.js';
import { resolveConfiguration } from '../system/rebuild/options.js';
import type { CliIO } from './io.js';

export interface CliKnowledgeOptions {
  live?: boolean;
  optionsJson?: string;
  host?: string;
  /** Folders whose modules' own options count (default: the current folder). */
  folders?: string[];
  /** The .nix files already found there (a caller that walked the folders gives them: no second walk). */
  files?: string[];
}


/** The index for a command; problems with a source go to stderr once, and the rest still loads. */
export async function cliKnowledge(io: CliIO, options: CliKnowledgeOptions = {}): Promise<NixosIndex> {
  const layers: KnowledgeLayer[] = [embeddedLayer()];
  const file = options.optionsJson ? path.resolve(io.cwd, options.optionsJson) : undefined;
  const fromFile = loadOptionsJson(file, file ? [] : optionsJsonCandidates([io.cwd], process.argv[1] ? path.dirname(process.argv[1]) : undefined), knowledgeCacheDir(io.env));
  if (fromFile?.ok) layers.push(fromFile.layer);
  else if (fromFile) io.stderr(`nix-humanity: ${fromFile.reason}\n`);
  if (options.live) {
    const hostname = options.host ?? os.hostname();
    const dir = io.cwd;
    const target = fs.existsSync(path.join(dir, 'flake.nix'))
      ? resolveConfiguration({ flake: dir, hostname, cwd: dir, env: io.env })
      : fs.existsSync(path.join(dir, 'configuration.nix'))
        ? resolveConfiguration({ configDir: dir, hostname, cwd: dir, env: io.env })
        : resolveConfiguration({ hostname, cwd: dir, env: io.env });
    const loaded = await loadLiveLayer({ target, cacheDir: knowledgeCacheDir(io.env), run: { signal: io.signal, env: io.env, cwd: dir } });
    if (loaded.layer) layers.push(loaded.layer);
    else io.stderr(`nix-humanity: ${loaded.state.detail}\n`);
    for (const note of loaded.notes) io.stderr(`nix-humanity: ${note}\n`);
  }
  // A file given to `check` counts as itself; a folder, as the .nix files in it.
  const files = options.files ?? nixFilesUnder(options.folders ?? [io.cwd]);
  layers.push({ source: 'workspace', options: new WorkspaceModules().options(files) });
  return new NixosIndex(layers);
}

function nixFilesUnder(roots: string[]): string[] {
  const given = roots.filter((r) => r.endsWith('.nix') && fs.existsSync(r) && fs.statSync(r).isFile());
  return [...given, ...findNixFiles(roots.filter((r) => !given.includes(r)), SKIPPED_DIRS, 5000).files];
}
