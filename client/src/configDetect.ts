// Zero-config: which file is the system configuration, and what to build when the settings say
// nothing. A flake in the workspace with nixosConfigurations, else the workspace's
// configuration.nix, else /etc/nixos. The flake and searchPath settings override it. Pure.
import * as path from 'node:path';
import type { SystemSettings } from './systemRequest';

export interface Detected {
  /** The file the code lens sits on. */
  file: string;
  /** The settings with what was detected filled in. */
  settings: SystemSettings;
  /** For a person: where it came from. */
  how: string;
}

export function detectConfiguration(
  settings: SystemSettings,
  workspaceFolder: string | undefined,
  exists: (file: string) => boolean,
  read: (file: string) => string | undefined,
): Detected {
  const config = settings.searchPath.map((e) => /^nixos-config=(.*)$/.exec(e)?.[1]).find((v) => v !== undefined);
  if (config) return { file: path.resolve(workspaceFolder ?? '/', config), settings, how: 'the nixos-config entry of nixHumanity.system.searchPath' };
  if (settings.flake) {
    const ref = settings.flake.split('#')[0]!;
    const dir = ref.startsWith('path:') ? ref.slice(5) : ref;
    return { file: path.join(path.resolve(workspaceFolder ?? '/', dir || '.'), 'flake.nix'), settings, how: 'nixHumanity.system.flake' };
  }
  if (workspaceFolder) {
    const flake = path.join(workspaceFolder, 'flake.nix');
    if (exists(flake) && /nixosConfigurations/.test(read(flake) ?? '')) {
      return { file: flake, settings: { ...settings, flake: workspaceFolder }, how: 'the flake in this folder' };
    }
    const configuration = path.join(workspaceFolder, 'configuration.nix');
    if (exists(configuration)) {
      return { file: configuration, settings: { ...settings, searchPath: [...settings.searchPath, `nixos-config=${configuration}`] }, how: 'configuration.nix in this folder' };
    }
  }
  if (exists('/etc/nixos/flake.nix')) return { file: '/etc/nixos/flake.nix', settings, how: '/etc/nixos/flake.nix' };
  return { file: '/etc/nixos/configuration.nix', settings, how: '/etc/nixos/configuration.nix' };
}
