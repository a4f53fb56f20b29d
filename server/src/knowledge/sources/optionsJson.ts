// An options.json in the format the NixOS manual build writes: from the path the user set, or
// found where a build leaves it (`result/share/doc/nixos/options.json` in the workspace) or where
// the extension ships one (the flake's vsix puts the pinned nixpkgs' index beside the server).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnowledgeLayer } from '../model.js';
import { readOptionAliases, readOptionsJson, readPackagesJson } from '../readers.js';

/** Where to look, in order, when no path is set. */
export function optionsJsonCandidates(folders: readonly string[], serverDir: string | undefined): string[] {
  const out = folders.map((f) => path.join(f, 'result', 'share', 'doc', 'nixos', 'options.json'));
  if (serverDir) out.push(path.join(serverDir, 'knowledge', 'options.json'));
  return out;
}

export type FileLoad = { ok: true; layer: KnowledgeLayer; file: string } | { ok: false; reason: string };

/**
 * Reads an options.json (and a packages.json beside it, when there is one: the flake's vsix
 * ships both). `file` is the set path, else the first candidate that exists.
 */
export function loadOptionsJson(file: string | undefined, candidates: readonly string[]): FileLoad | undefined {
  const chosen = file ?? candidates.find((c) => fs.existsSync(c));
  if (!chosen) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(chosen, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code ? `Could not read ${chosen} (${code}): check nixHumanity.knowledge.optionsJson.` : `${chosen} is not valid JSON: rebuild it or point nixHumanity.knowledge.optionsJson elsewhere.` };
  }
  const layer: KnowledgeLayer = { source: 'options.json', options: readOptionsJson(json, 'options.json'), renamed: readOptionAliases(json, 'options.json') };
  if (layer.options!.length === 0) return { ok: false, reason: `${chosen} holds no options in the NixOS manual's format.` };
  const packagesFile = path.join(path.dirname(chosen), 'packages.json');
  if (fs.existsSync(packagesFile)) {
    try {
      layer.packages = readPackagesJson(JSON.parse(fs.readFileSync(packagesFile, 'utf8')), 'options.json');
    } catch {
      // the options alone are still worth having
    }
  }
  return { ok: true, layer, file: chosen };
}
