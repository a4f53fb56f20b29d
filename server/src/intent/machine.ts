// Requests about the machine as a whole that name no option: which kernel ("use the latest
// kernel"), which DNS servers ("use cloudflare dns", "set dns to 1.1.1.1"), logging in without a
// password ("log alice in automatically": the display manager's autologin when one is on, the
// console's otherwise). What an expert writes for each; the values are NixOS's own names.
import { DM_PATHS, FEATURES, bool, str } from './families.js';
import type { Change } from './model.js';
import { has, intent, off, type Context, type Reading } from './reading.js';
import type { Clause } from './words.js';

// Kernel package sets of nixpkgs, by what people call them.
const KERNELS: Array<[RegExp, string, string]> = [
  [/\b(?:latest|newest|most recent|up to date|bleeding edge|mainline|current)\b/, 'linuxPackages_latest', 'the latest kernel'],
  [/\bzen\b/, 'linuxPackages_zen', 'the Zen kernel'],
  [/\bhardened\b/, 'linuxPackages_hardened', 'the hardened kernel'],
  [/\bxanmod\b/, 'linuxPackages_xanmod_latest', 'the XanMod kernel'],
  [/\b(?:liquorix|lqx)\b/, 'linuxPackages_lqx', 'the Liquorix kernel'],
  [/\b(?:lts|long[ -]?term(?: support)?|default|stable)\b/, 'linuxPackages', 'the long-term (default) kernel'],
];

export function kernelRule(c: Clause): Reading | undefined {
  if (!has(c, /\b(?:kernel|linux)\b/) || has(c, /\b(?:module|modules|param|params|parameter|parameters|sysctl|patch|patches)\b/) || c.negated) return undefined;
  if (!has(c, /\bkernel\b/) && !has(c, /\blinux (?:kernel|lts|zen|hardened)\b/)) return undefined;
  const k = KERNELS.find(([re]) => re.test(c.text));
  if (!k) return undefined;
  return intent(c, 'boot', `use ${k[2]}`, [{ kind: 'set', path: ['boot', 'kernelPackages'], value: { text: `pkgs.${k[1]}` } }], 1, k[1] === 'linuxPackages' ? [] : [`Takes effect after a reboot; pkgs.linuxPackages is the default to go back to.`]);
}

// Public resolvers people name, with their two IPv4 addresses.
const RESOLVERS: Record<string, string[]> = {
  cloudflare: ['1.1.1.1', '1.0.0.1'],
  google: ['8.8.8.8', '8.8.4.4'],
  quad9: ['9.9.9.9', '149.112.112.112'],
  opendns: ['208.67.222.222', '208.67.220.220'],
  adguard: ['94.140.14.14', '94.140.15.15'],
};

export function dnsRule(c: Clause, ctx?: Context): Reading | undefined {
  if (!has(c, /\b(?:dns|nameservers?|name servers?|resolvers?)\b/) || has(c, /\b(?:dnssec|over tls|over https|doh|dot|mdns|avahi|dnsmasq|resolved|port)\b/)) return undefined;
  const ips = c.text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g)?.filter((ip) => ip.split('.').every((n) => Number(n) < 256)) ?? [];
  // "adguard home" is a server to run, not AdGuard's public resolvers.
  const named = Object.keys(RESOLVERS).filter((r) => has(c, new RegExp(`\\b${r}(?:'s)?\\b(?! home| server| dns server)`)));
  // "use 1.1.1.1 and 8.8.8.8 as dns servers": the clause before named only addresses; they are servers too.
  const earlier = ips.length && ctx?.lastText && /^(?:\S+\s+)?(?:\d{1,3}(?:\.\d{1,3}){3}[\s,]*)+$/.test(ctx.lastText) ? ctx.lastText : undefined;
  const before = earlier?.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [];
  const servers = [...new Set([...named.flatMap((r) => RESOLVERS[r]!), ...before, ...ips])];
  if (!servers.length) return undefined;
  const items = servers.map((s) => ({ text: JSON.stringify(s) }));
  const who = named.length ? `${named.join(' and ')}'s DNS servers` : `the DNS server${servers.length > 1 ? 's' : ''} ${servers.join(', ')}`;
  if (off(c)) return intent(c, 'service', `stop using ${who}`, [{ kind: 'listRemove', path: ['networking', 'nameservers'], items }]);
  // "add 9.9.9.9 as a dns server" adds; "use cloudflare dns", "set dns to 1.1.1.1" replaces.
  const change: Change = c.verb === 'add' ? { kind: 'listAdd', path: ['networking', 'nameservers'], items } : { kind: 'set', path: ['networking', 'nameservers'], value: { text: `[ ${servers.map((s) => JSON.stringify(s)).join(' ')} ]` } };
  const r = intent(c, 'service', `use ${who}`, [change]);
  if (earlier) r.answers = earlier;
  return r;
}

const AUTOLOGIN = /\bauto[ -]?log ?(?:in|on)\b|\bautomatic (?:log ?in|login)\b|\blog (?:\S+ )?in automatically\b|\blogs? in without (?:a )?password\b|\bautomatically log (?:\S+ )?in\b/;

export function autoLoginRule(c: Clause, ctx: Context): Reading | undefined {
  if (!AUTOLOGIN.test(c.text)) return undefined;
  const users = ctx.present.normalUsers();
  const words = c.text.replace(/\b(?:log|logs)\s+(?:me|in)\b/, '');
  const named = [...words.matchAll(/(?<=\b(?:for|as|log|logs|login|logon)\s+)([a-z_][a-z0-9_-]*)\b/g)].map((m) => m[1]!).find((n) => !/^(?:me|in|my|the|a|an|on|for|as|automatically|without|to|at|when|after|user)$/.test(n));
  const user = named ?? (users.length === 1 ? users[0] : undefined);
  const graphical = Object.values(DM_PATHS).some((p) => ctx.present.value(p) === 'true') || FEATURES.some((f) => f.desktop && ctx.present.value(f.desktop) === 'true');
  if (off(c)) {
    return graphical
      ? intent(c, 'users', 'stop logging in automatically', [bool('services.displayManager.autoLogin.enable', false)])
      : intent(c, 'users', 'stop logging in automatically on the console', [{ kind: 'unset', path: ['services', 'getty', 'autologinUser'] }]);
  }
  if (!user) return intent(c, 'users', 'log in automatically', [], 0, [`Whom to log in: ${users.length ? users.join(', ') : 'no user is defined yet'}. Say "log ${users[0] ?? 'alice'} in automatically".`]);
  const notes = named ? [] : [`Logging in ${user}, the one user this configuration has.`];
  if (graphical) {
    return intent(c, 'users', `log ${user} in automatically`, [{ ...(bool('services.displayManager.autoLogin.enable', true) as Extract<Change, { kind: 'set' }>), group: 3 }, str('services.displayManager.autoLogin.user', user)], 1, notes);
  }
  return intent(c, 'users', `log ${user} in automatically on the console`, [str('services.getty.autologinUser', user)], 1, [...notes, 'No login screen is on: the console logs in.']);
}

/**
 * "keep 5 boot entries max", "systemd-boot keeps too many generations, limit it to 10": how many
 * generations the boot menu lists, for the boot loader named or the one that is on.
 */
export function bootEntriesRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:generations?|boot entries|entries|configurations|boot menu|menu entries)\b/) && !(has(c, /\blimit (?:it|that|them)\b/) && /\b(?:systemd-boot|grub)\b/.test(ctx.lastNamed ?? ''))) return undefined;
  if (!has(c, /\b(?:limit|limited|keep|keeps|max|maximum|at most|only|no more than|up to|show|shows|list)\b/) || has(c, /\b(?:days?|weeks?|months?|older|garbage|delete|collect)\b/)) return undefined;
  const n = /\b(\d{1,3})\b/.exec(c.text)?.[1];
  if (!n || Number(n) < 1) return undefined;
  const said = `${c.text} ${ctx.lastNamed ?? ''}`;
  const loader = /\bgrub\b/.test(said) ? 'grub' : /\bsystemd-boot\b/.test(said) ? 'systemd-boot' : ctx.present.value('boot.loader.grub.enable') === 'true' && ctx.present.value('boot.loader.systemd-boot.enable') !== 'true' ? 'grub' : 'systemd-boot';
  return intent(c, 'boot', `list at most ${n} generations in the boot menu`, [{ kind: 'set', path: ['boot', 'loader', loader, 'configurationLimit'], value: { text: n } }], 1, [`For ${loader === 'grub' ? 'GRUB' : 'systemd-boot'}, the boot loader ${/\b(?:grub|systemd-boot)\b/.test(said) ? 'named' : 'this configuration uses'}.`]);
}
