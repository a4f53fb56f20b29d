// The server's view of the `nixHumanity.*` settings. The client sends them with
// `initializationOptions.settings` and again on every change; anything missing
// or of the wrong type falls back to the default, so a bad settings.json never
// stops the server.
import { DEFAULT_MAX_FILE_SIZE } from '../ide/analysisHost.js';

export interface Settings {
  /** Files above this many UTF-16 code units get syntax-only features. */
  maxFileSize: number;
  /** The `nix` executable (trusted workspaces only). */
  nixPath: string;
  /** Formatter command and arguments; empty tries nixfmt, then alejandra. */
  formatterCommand: string[];
  /** NixOS knowledge: evaluate the user's own system in the background (trusted folders only). */
  knowledgeLive: boolean;
  /** An options.json to read (the NixOS manual's format); empty: look for one. */
  knowledgeOptionsJson: string;
  /** The flake's nixosConfigurations host; empty: this machine's hostname. */
  knowledgeHost: string;
  /** How plain words are put (the hover's, here): nixHumanity.intent.style. */
  intentStyle: 'concise' | 'friendly' | 'expert';
}

export const DEFAULT_SETTINGS: Settings = {
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  nixPath: 'nix',
  formatterCommand: [],
  knowledgeLive: true,
  knowledgeOptionsJson: '',
  knowledgeHost: '',
  intentStyle: 'friendly',
};

/** Reads the `nixHumanity` section (either the section itself or an object holding it). */
export function readSettings(raw: unknown): Settings {
  const section = pick(raw, 'nixHumanity') ?? raw;
  const s = { ...DEFAULT_SETTINGS, formatterCommand: [...DEFAULT_SETTINGS.formatterCommand] };
  const maxFileSize = pick(section, 'maxFileSize');
  if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize > 0) s.maxFileSize = maxFileSize;
  // each of these may be written nested or flat: the first that is valid counts
  const isPath = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  const nixPath = [pick(pick(section, 'nix'), 'path'), pick(section, 'nix.path')].find(isPath);
  if (nixPath !== undefined) s.nixPath = nixPath.trim();
  const isCommand = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const formatter = [pick(pick(section, 'formatter'), 'command'), pick(section, 'formatter.command')].find(isCommand);
  if (formatter !== undefined) s.formatterCommand = formatter.filter((x) => x !== '');
  const knowledge = pick(section, 'knowledge');
  const live = [pick(knowledge, 'live'), pick(section, 'knowledge.live')].find((v) => typeof v === 'boolean');
  if (typeof live === 'boolean') s.knowledgeLive = live;
  const optionsJson = [pick(knowledge, 'optionsJson'), pick(section, 'knowledge.optionsJson')].find(isPath);
  if (optionsJson !== undefined) s.knowledgeOptionsJson = optionsJson.trim();
  const host = [pick(knowledge, 'host'), pick(section, 'knowledge.host')].find(isPath);
  if (host !== undefined) s.knowledgeHost = host.trim();
  const style = [pick(pick(section, 'intent'), 'style'), pick(section, 'intent.style')].find((v) => v === 'concise' || v === 'friendly' || v === 'expert');
  if (style !== undefined) s.intentStyle = style;
  return s;
}

function pick(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
}
