// Grounding in the knowledge index: "enable X" is the option the index has for X, by name, by a
// typo of a name, or by what an option's description says; "enable ssh x11 forwarding" is the
// yes/no option below the one X names. Nothing here is a table of names: every answer is an
// option the index knows.
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { OptionInfo } from '../knowledge/model.js';
import { nearest } from '../knowledge/nearestNames.js';
import { bool, findFeature, SERVICE_ALIASES } from './families.js';
import { searchOptions } from './lookup.js';
import { FUNCTION_WORDS, PLAIN_WORDS } from './phrasing.js';
import { descriptionMatchHolds, nameOnlyQualifies, namesASetting, nameParts, spelledBy, typoMayName } from './safety.js';
import { off, type Context, type Reading } from './reading.js';
import { stripArticles, type Clause } from './words.js';

const ROOTS = ['services', 'programs', 'hardware', 'virtualisation', 'networking', 'security'];
// Where window managers and desktops are named one level down ("enable i3": services.xserver.windowManager.i3).
// Roots with `enableX` switches of their own ("networking.enableIPv6", "hardware.enableAllFirmware").
const ENABLE_ROOTS = ['networking', 'hardware', 'boot', 'security', 'nix', 'documentation', 'powerManagement'];
const SUB_ROOTS = [['services', 'xserver', 'windowManager'], ['services', 'xserver', 'desktopManager'], ['services', 'desktopManager']];

/** `.enable` options for a name: services.NAME, programs.NAME, ..., typos of it, then by description. */
export function enableOptions(words: string, index: NixosIndex): Array<{ option: OptionInfo; confidence: number; reason: string }> {
  const name = SERVICE_ALIASES[words] ?? words;
  const forms = [...new Set([name, name.replace(/\s+/g, '-'), name.replace(/\s+/g, ''), name.replace(/\s+(\w)/g, (_, ch: string) => ch.toUpperCase())])];
  const out: Array<{ option: OptionInfo; confidence: number; reason: string }> = [];
  const seen = new Set<string>();
  const add = (o: OptionInfo | undefined, confidence: number, reason: string) => {
    // "systemd.services.<name>.enable" is a pattern for names not given, nothing to set.
    if (!o || o.type.text !== 'boolean' || seen.has(o.path.join('.')) || o.path.some((p) => p.startsWith('<') || p === '*')) return;
    seen.add(o.path.join('.'));
    out.push({ option: o, confidence, reason });
  };
  const roots = ROOTS;
  for (const f of forms) for (const r of roots) add(index.option([r, f, 'enable']), 1, `the option named ${f}`);
  if (out.length === 0) for (const f of forms) for (const r of SUB_ROOTS) add(index.option([...r, f, 'enable']), 1, `the option named ${f}`);
  // "enable ipv6": networking.enableIPv6, an `enableX` switch of a small root, whatever its case.
  if (out.length === 0) {
    const want = `enable${key(name)}`;
    for (const r of ENABLE_ROOTS) for (const ch of index.children([r])) if (key(ch.name) === want) add(ch.option, 1, `the option named ${ch.name}`);
  }
  // "the locate database", "the tailscale vpn", "jellyfin media server": a name and what it is.
  if (out.length === 0 && name.includes(' ')) {
    const ws = name.split(' ');
    // (Not a name that only qualifies: "the tailscale interface", "auth for ssh".)
    for (const [i, w] of ws.entries()) if (w.length >= 3 && !nameOnlyQualifies(ws, i, 1)) for (const r of roots) add(index.option([r, SERVICE_ALIASES[w] ?? w, 'enable']), 0.9, `the option named ${w}`);
  }
  // ("swap" is not sway, "tcp" not tlp: only a long word that is no everyday word is a typo of a name.)
  if (out.length === 0 && !name.includes(' ') && typoMayName(name)) {
    for (const r of roots) {
      const names = index.children([r]).map((ch) => ch.name);
      for (const n of nearest(name, names, 2)) add(index.option([r, n, 'enable']), 0.8, `as the nearest option name to "${name}"`);
    }
  }
  // Words that name nothing ("things", "this") are searched for in no description.
  // (Nor a word that names a setting of its own: "hostname" is networking.hostName, not avahi's text.)
  const plain = name.split(' ').every((w) => PLAIN_WORDS.has(w) || FUNCTION_WORDS.has(w)) || namesASetting(name, index);
  // The name as a word of the description ("redis" is not in "Redirection").
  const starts = name.split(' ').map((w) => new RegExp(`(?:^|[^a-z0-9])${w.replace(/[^a-z0-9]/g, (ch) => `\\${ch}`)}`, 'i'));
  const asWords = (o: OptionInfo) => starts.every((r) => r.test(o.description) || r.test(o.path.join('.')));
  if (out.length === 0 && !plain) for (const o of searchOptions(index, name, 30)) {
    if (o.path[o.path.length - 1] === 'enable' && o.path.length <= 4 && asWords(o) && descriptionMatchHolds(o.path, name)) add(o, 0.5, `(its description mentions "${name}")`);
  }
  // "enable microcode updates": a yes/no option whose own name holds one of the words (hardware.cpu.intel.updateMicrocode).
  if (out.length === 0 && !plain) {
    const stems = name.split(' ').filter((w) => w.length >= 4 && !PLAIN_WORDS.has(w) && !FUNCTION_WORDS.has(w)).map((w) => key(w).replace(/s$/, ''));
    if (stems.length) for (const o of searchOptions(index, name, 30)) {
      // Whole words of the name ("updateMicrocode": update, microcode; "enableRedistributableFirmware" has no "redis").
      const parts = o.path[o.path.length - 1]!.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).map((w) => w.replace(/s$/, ''));
      const text = `${o.description} ${o.path.join('.')}`.toLowerCase();
      if (o.path.length <= 4 && stems.some((st) => parts.includes(st)) && stems.every((st) => text.includes(st)) && descriptionMatchHolds(o.path, name)) add(o, 0.5, `(its name and description mention "${name}")`);
    }
  }
  // "scanning" finds "scanner": the descriptions by the word's stem.
  const stem = stemOf(name);
  if (out.length === 0 && !plain && stem !== name) for (const o of searchOptions(index, stem, 30)) {
    if (o.path[o.path.length - 1] === 'enable' && o.path.length <= 4 && descriptionMatchHolds(o.path, name)) add(o, 0.5, `(its description mentions "${stem}")`);
  }
  // Of options found by their descriptions, a service's own before a part of another one
  // ("trim": services.fstrim before services.zfs.trim): the shorter path first.
  // Those whose own name the words spell first ("disable pulse": services.pipewire.pulse before services.pulseaudio).
  if (out.every((o) => o.confidence === 0.5)) out.sort((a, b) => Number(spelledBy(b.option.path, name)) - Number(spelledBy(a.option.path, name)) || a.option.path.length - b.option.path.length);
  return out.slice(0, 5);
}

/**
 * The service that runs a package, when the index says the package is used through it: its
 * enable option runs a daemon or server, and the package's own description names the option.
 */
export function daemonService(name: string, index: NixosIndex): OptionInfo | undefined {
  const o = index.option(['services', name, 'enable']);
  const p = index.package(name);
  if (!o || !p || !/^runs\b|\b(?:daemon|server)\b/i.test(o.description)) return undefined;
  // The package names the option, or is itself described as a server or daemon ("a ... DNS server").
  return (p.description ?? '').includes(`services.${name}`) || /\b(?:server|daemon)\b/i.test(p.description ?? '') ? o : undefined;
}

/** A single word without its ending ("scanning" -> "scan", "printers" -> "print"), when enough is left. */
function stemOf(word: string): string {
  if (word.includes(' ')) return word;
  // ("redis" keeps its "s": not a plural)
  const s = word.replace(/(?:ing|ers|er|ed|es|(?<![ius])s)$/, '').replace(/([b-df-hj-np-tv-z])\1$/, '$1');
  return s.length >= 4 ? s : word;
}

const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * "enable the ssh X11 forwarding", "turn off pipewire pulse": a yes/no option below what the first
 * words name (a service, program or feature of the index), whose remaining path spells the rest.
 */
export function subOptionRule(c: Clause, ctx: Context): Reading | undefined {
  if ((c.verb !== 'enable' && c.verb !== 'disable' && c.verb !== 'set') || / with /.test(c.rest)) return undefined;
  const words = stripArticles(c.rest.replace(/\s+(?:option|setting|support|feature)$/, '')).split(' ');
  if (words.length < 2) return undefined;
  // "enable ssh x11 forwarding" (the owner first), "enable x11 forwarding for ssh" (the owner after for/on/in/over/of).
  const pairs: Array<[string, string]> = [];
  for (let k = Math.min(2, words.length - 1); k >= 1; k--) pairs.push([words.slice(0, k).join(' '), words.slice(k).join('')]);
  // ("X with Y" is featureRule's: the feature X, and Y with it.)
  const at = words.findIndex((w, i) => i > 0 && /^(?:for|on|in|over|of|via)$/.test(w));
  const after = at > 0 ? stripArticles(words.slice(at + 1).join(' ')).replace(/\s+(?:server|service|daemon)$/, '') : '';
  if (after && after.split(' ').length <= 2) pairs.push([after, words.slice(0, at).join('')]);
  for (const [owner, wanted] of pairs) {
    const want = key(wanted);
    if (want.length < 3) continue;
    const prefixes: string[][] = [];
    const f = findFeature(owner);
    const first = f?.on[0];
    if (first && first.path[first.path.length - 1] === 'enable') prefixes.push(first.path.slice(0, -1));
    const name = SERVICE_ALIASES[owner] ?? owner.replace(/\s+/g, '-');
    for (const r of ROOTS) if (ctx.index.isOptionPrefix([r, name])) prefixes.push([r, name]);
    for (const p of prefixes) {
      const o = findBelow(ctx.index, p, want, 3);
      if (!o) continue;
      const on = !off(c);
      return {
        intent: { family: 'service', summary: `${on ? 'turn on' : 'turn off'} ${o.path.join('.')}`, words: c.text, changes: [bool(o.path.join('.'), on)], notes: [`Found ${o.path.join('.')} below ${p.join('.')}.`], confidence: 1 },
        alternatives: [],
      };
    }
  }
  return undefined;
}

/** A boolean option below `prefix` whose path after it (without a last `enable`) spells `want`. */
function findBelow(index: NixosIndex, prefix: string[], want: string, depth: number, enableNamed = false): OptionInfo | undefined {
  const walk = (path: string[], below: string, d: number): OptionInfo | undefined => {
    for (const ch of index.children(path)) {
      if (ch.name.startsWith('<')) continue;
      const here = below + key(ch.name);
      const o = ch.option;
      // ("ssh support" is enableSSHSupport: a switch named enable<X> below.)
      if (o && /^(?:null or )?boolean$/.test(o.type.text) && (here === want || key(ch.name) === want || (enableNamed && key(ch.name) === `enable${want}`) || (ch.name === 'enable' && below === want))) return o;
      if (ch.hasChildren && d > 1 && want.startsWith(below)) {
        const r = walk([...path, ch.name], here, d - 1) ?? walk([...path, ch.name], below, d - 1);
        if (r) return r;
      }
    }
    return undefined;
  };
  return walk(prefix, '', depth);
}

/** An option path as the index spells it, from words in lower case ("networking.hostname"). */
function optionPath(index: NixosIndex, lower: string[]): string[] | undefined {
  const path: string[] = [];
  for (const part of lower) {
    const ch = index.children(path).find((x) => x.name.toLowerCase() === part);
    if (!ch || ch.name.startsWith('<')) return undefined;
    path.push(ch.name);
  }
  return index.option(path) ? path : undefined;
}

/**
 * "services.tailscale.enable = true", "set boot.loader.timeout to 10": an option the index knows,
 * typed as Nix, with a value of its type (yes/no, a number, a string).
 */
export function optionAssignment(c: Clause, ctx: Context): Reading | undefined {
  const m = /^(?:set\s+|make\s+)?([a-z_][\w-]*(?:\.[\w-]+)+)\s*(?:=|to|:|is)?\s*(.+?)\s*;?$/.exec(c.text);
  if (!m) return undefined;
  const path = optionPath(ctx.index, m[1]!.split('.'));
  if (!path) return undefined;
  const o = ctx.index.option(path)!;
  const text = valueOfType(o, m[2]!);
  if (text === undefined) return undefined;
  return {
    intent: { family: 'service', summary: `set ${path.join('.')} = ${text}`, words: c.text, changes: [{ kind: 'set', path, value: { text } }], notes: [], confidence: 1 },
    alternatives: [],
  };
}

/**
 * "enable jellyfin and open its firewall port", "open the firewall for syncthing": the service's
 * own `openFirewall` option, which opens exactly the ports it uses, when the index has one.
 */
export function openFirewallRule(c: Clause, ctx: Context): Reading | undefined {
  if (c.verb !== 'open' && c.verb !== 'close' && c.verb !== 'enable' && c.verb !== 'disable') return undefined;
  // Only for what was named before ("its", "for it"): a service named here has its ports in values.ts.
  const m = /^(?:its|their)\s+(?:firewall\s+)?ports?(?:\s+in the firewall)?$|^(?:the\s+)?(?:firewall\s+)?ports?\s+for\s+(?:it|them)$|^(?:the\s+)?firewall\s+for\s+(?:it|them)$/.exec(c.rest);
  if (!m) return undefined;
  const named = ctx.lastNamed;
  if (!named) return undefined;
  const service = enableOptions(stripArticles(named), ctx.index).find((o) => o.confidence === 1);
  if (!service) return undefined;
  const path = [...service.option.path.slice(0, -1), 'openFirewall'];
  if (!ctx.index.option(path)) return undefined;
  const on = !off(c);
  return {
    intent: { family: 'firewall', summary: `${on ? 'open' : 'close'} the firewall for ${path.slice(0, -1).join('.')}`, words: c.text, changes: [bool(path.join('.'), on)], notes: [`${path.join('.')} opens exactly the ports the service uses.`], confidence: 1 },
    alternatives: [],
  };
}

/** A value as Nix text when the option's type takes it (a yes/no, a whole number, a plain string), else undefined. */
function valueOfType(o: OptionInfo, said: string): string | undefined {
  const raw = said.replace(/^"(.*)"$/, '$1');
  if (/^(?:null or )?boolean$/.test(o.type.text)) {
    if (/^(?:true|yes|on|enabled?)$/.test(raw)) return 'true';
    if (/^(?:false|no|off|disabled?)$/.test(raw)) return 'false';
    return undefined;
  }
  if (/\b(?:integer|port)\b/.test(o.type.text) && /^\d+$/.test(raw)) return raw;
  if (/^(?:null or )?(?:string|str)\b/.test(o.type.text) && /^[\w./:@+-]+$/.test(raw)) return JSON.stringify(raw);
  return undefined;
}

/**
 * "set max jobs to 4", "set cores to 2": an option named by its words (its own name, or its
 * name after its parent's), found in the index, with a value its type takes.
 */
export function setByName(c: Clause, ctx: Context): Reading | undefined {
  if (c.verb !== 'set' || c.negated) return undefined;
  const m = /^(.+?)\s+(?:to|=|at|:)\s+(\S+?)(?:\s+(?:seconds?|secs?|s))?$/.exec(c.rest);
  if (!m) return undefined;
  const words = stripArticles(m[1]!);
  const want = key(words);
  if (want.length < 4 || words.split(' ').length > 4) return undefined;
  const named = (o: OptionInfo) => {
    const p = o.path;
    const last = key(p[p.length - 1]!);
    // "nix max-jobs": words before the name that the path holds too.
    const before = want.endsWith(last) && last.length >= 4 ? want.slice(0, want.length - last.length) : undefined;
    return !p.some((x) => x.startsWith('<') || x === '*') && (last === want || (p.length > 1 && key(p[p.length - 2]!) + last === want) || (before !== undefined && key(p.slice(0, -1).join('')).includes(before)));
  };
  const found = searchOptions(ctx.index, words, 30).filter(named).sort((a, b) => a.path.length - b.path.length);
  for (const o of found) {
    // "to 5 seconds": a number with its unit (the option's own unit in NixOS).
    const text = valueOfType(o, m[2]!) ?? (/\b(?:integer|port)\b/.test(o.type.text) ? valueOfType(o, m[2]!.replace(/^(\d+)$/, '$1')) : undefined);
    if (text === undefined) continue;
    const path = o.path;
    return {
      intent: { family: 'service', summary: `set ${path.join('.')} = ${text}`, words: c.text, changes: [{ kind: 'set', path, value: { text } }], notes: [`Found ${path.join('.')} by its name.`], confidence: 0.9 },
      alternatives: [],
    };
  }
  return undefined;
}

/**
 * "X with Y" after a feature or service: Y is a yes/no option below X's own ("gpg agent with ssh
 * support": enableSSHSupport; "sddm with wayland": sddm.wayland.enable), else a service or program
 * named Y exactly ("bluetooth with blueman": services.blueman). Undefined when Y names neither.
 */
export function withPart(prefix: readonly string[], words: string, index: NixosIndex): OptionInfo | undefined {
  const y = stripArticles(words.replace(/\s+(?:support|applet|service|daemon|session|enabled)$/, ''));
  const below = y ? (findBelow(index, [...prefix], key(stripArticles(words)), 3, true) ?? findBelow(index, [...prefix], key(y), 3, true)) : undefined;
  if (below) return below;
  // "podman with docker compatibility": dockerCompat, each word of the name the start of a word said.
  const said = stripArticles(words).split(/[\s-]+/);
  for (const ch of index.children([...prefix])) {
    const parts = nameParts(ch.name);
    if (ch.option && /^(?:null or )?boolean$/.test(ch.option.type.text) && parts.length === said.length && parts.length > 1 && parts.every((x, i) => x.length >= 3 && said[i]!.startsWith(x))) return ch.option;
  }
  return enableOptions(y, index).find((o) => o.confidence === 1 && o.reason.startsWith('the option named'))?.option;
}


/**
 * A part of a thing named: "disable the systemd-boot editor", "turn off the pulseaudio emulation
 * in pipewire", "add jack support to pipewire". The thing named (its own switch and its
 * companions) is not what is asked: only the part, a switch below it. The part's word is the
 * switch's name or begins with it ("pulseaudio": pulse); the thing is a family or a name with options.
 */
export function partRule(c: Clause, ctx: Context): Reading | undefined {
  if (c.verb !== 'enable' && c.verb !== 'disable' && c.verb !== 'install' && c.verb !== 'add') return undefined;
  const rest = stripArticles(c.rest);
  // "<part> in/of/for/to <thing>" or "<thing>'s <part>" / "<thing> <part>", one word for the part.
  const m = /^(\S+)((?: (?:support|emulation|integration|feature|option|setting|mode|layer))?) (?:in|of|for|to|on) (?:the |my )?(\S+)$/.exec(rest);
  const n = m ? undefined : /^(\S+?)(?:'s)? (\S+)((?: (?:support|emulation|integration|feature|option|setting|mode|layer))?)$/.exec(rest);
  const [owner, part, kind] = m ? [m[3]!, m[1]!, m[2]!] : n ? [n[1]!, n[2]!, n[3]!] : [];
  if (!owner || !part || part.length < 3) return undefined;
  // "add X to pipewire" without a kind of part is a package or a thing of its own.
  if ((c.verb === 'install' || c.verb === 'add') && !kind) return undefined;
  const f = findFeature(owner);
  const first = f?.on[0];
  const prefixes: string[][] = [];
  if (f && first && first.path.at(-1) === 'enable' && f.words.includes(owner)) prefixes.push(first.path.slice(0, -1));
  // (A name with options of its own: "systemd-boot" is boot.loader.systemd-boot.)
  const name = SERVICE_ALIASES[owner] ?? owner;
  for (const r of [...ROOTS.map((x) => [x]), ['boot', 'loader']]) if (ctx.index.option([...r, name, 'enable'])) prefixes.push([...r, name]);
  for (const prefix of prefixes) for (const ch of ctx.index.children(prefix)) {
    if (ch.name.startsWith('<') || ch.name === 'enable') continue;
    const name = key(ch.name);
    if (!(name === key(part) || (kind && name.length >= 4 && key(part).startsWith(name)))) continue;
    const o = ch.option ?? ctx.index.option([...prefix, ch.name, 'enable']);
    if (!o || !/^(?:null or )?boolean$/.test(o.type.text)) continue;
    const on = !off(c);
    const path = o.path.join('.');
    return {
      intent: { family: 'service', summary: `${on ? 'turn on' : 'turn off'} ${path}`, words: c.text, changes: [bool(path, on)], notes: [`Read "${part}" as a part of ${prefix.join('.')}: only ${path} is changed.`], confidence: 1 },
      alternatives: [],
    };
  }
  return undefined;
}
