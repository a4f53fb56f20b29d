// Text -> intents. Each clause is read by the first rule that understands it, most specific
// first (SSH hardening before "enable ssh", a user's groups before "add a package"); a clause
// without a verb continues the one before ("install firefox and vim", "open 80 and 443"). What
// the hand-written families do not know is looked up in the index: packages by name, everyday
// name, typo or description; "enable X" by option name and description.
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import type { OptionInfo } from '../knowledge/model.js';
import { FEATURES, SERVICE_ALIASES, bool, findFeature, str } from './families.js';
import type { Change, Intent, Understanding } from './model.js';
import { absolutePath, nixString, age, isHostName, keyboardLayout, locale, ports, schedule, SERVICE_PORTS, sizeMiB, timeZone } from './values.js';
import { clauses, normalise, stripArticles, type Clause } from './words.js';
import { FUNCTION_WORDS, PLAIN_WORDS } from './phrasing.js';
import { nearestPackageNames, newRequest, searchOptions, searchPackages } from './lookup.js';
import { NOTHING_PRESENT, type Present } from './present.js';
import { isAside, isComplaint, leaver, ofNamedBefore, purposeless, withPronouns, withReferent } from './phrases.js';
import { readCommands } from './commands.js';
import { has, intent, off, type Context, type Reading } from './reading.js';
import { usersRule } from './users.js';
import { userAttrsRule, usersSentence } from './userAttrs.js';
import { desktopOff, desktopOnFor, settleDesktops } from './desktops.js';
import { autoLoginRule, bootEntriesRule, dnsRule, kernelRule } from './machine.js';
import { bootTimeoutRule, grubSavedRule, kernelParamsRule } from './boot.js';
import { domainRule, hostsEntryRule, staticAddressRule, trustedInterfaceRule, wakeOnLanRule } from './network.js';
import { describedPathRule, describedSwitchRule, namedSwitchRule, settingLineRule } from './settings.js';
import { keyboardVariantRule, localeFormatsRule, placeTimeRule } from './regional.js';
import { cleanItselfRule, countRule, pruneRule, upgradeRule, upgradeSourceRule, zramShareRule } from './upkeep.js';
import { daemonService, enableOptions, openFirewallRule, optionAssignment, partRule, setByName, subOptionRule, withPart } from './grounding.js';
import { everydayWord, featureOnlyQualifies, fromOutside, packageSearchHolds, settleRequest, tiedGuess, typoMayName, withoutNamedNumbers } from './safety.js';

// Keyword vocabulary for typo correction: every family word and the words rules look for.
const KEYWORDS = new Set<string>([
  ...FEATURES.flatMap((f) => f.words.filter((w) => !w.includes(' '))),
  // Not the group names: "render", "input", "users" are a typo away from everyday words ("reader").
  'timezone', 'zone', 'locale', 'language', 'keyboard', 'layout', 'hostname', 'port', 'ports', 'firewall', 'password',
  'root', 'login', 'user', 'group', 'groups', 'shell', 'garbage', 'collection', 'optimise', 'optimize', 'store',
  'automatic', 'upgrades', 'updates', 'upgrade', 'update', 'weekly', 'daily', 'monthly', 'reboot', 'bootloader',
  'systemd-boot', 'grub', 'swap', 'swapfile', 'desktop', 'authentication', 'boot', 'entries', 'generations',
]);

export function understand(text: string, index: NixosIndex, present: Present = NOTHING_PRESENT): Understanding {
  // "sudo apt install vlc", "usermod -aG docker alice": another system's commands, each read as what it asks of NixOS.
  const commands = readCommands(text, (words) => understand(words, index, present));
  if (commands) return commands;
  // Names the index knows are never "corrected": a package, an everyday name, a service or program ("locate" is no typo of "locale").
  // Nor everyday words ("team" is no typo of steam, "book" none of boot).
  const protect = (w: string) => everydayWord(w) || index.package(w) !== undefined || index.everydayName(w) !== undefined || index.isOptionPrefix(['services', w]) || index.isOptionPrefix(['programs', w]);
  newRequest(index);
  const out: Understanding = { intents: [], alternatives: [], unknown: [] };
  const ctx: Context = { index, present, said: text };
  let before: Clause | undefined;
  const asides: string[] = [];
  for (const clause of clauses(usersSentence(text), KEYWORDS, protect)) {
    // "install vlc, actually no": understood, and nothing changes.
    if (clause.takesBack !== undefined) {
      const back = understand(clause.takesBack, index, present).intents[0];
      out.intents.push({ family: back?.family ?? 'service', summary: `take back "${clause.takesBack}"`, words: clause.text, changes: [], notes: [`"${clause.takesBack}" was taken back: nothing changes.`], confidence: 1 });
      out.alternatives.push([]);
      continue;
    }
    // "I no longer use vim, please remove it": "it" is what the clause before named.
    // "the tmux package is obsolete, please delete": a verb with nothing after it too.
    const it = clause.verb && before && /^(?:it|them|that|this|those|these)?$/.test(clause.rest);
    // After a question ("is vlc installed? if not install it") the thing asked about.
    if (before && QUESTION.test(before.text)) before = { ...before, rest: before.rest.replace(/^(?:is|are|do (?:i|we) have|does it have|have (?:i|we) got)\s+/, '').replace(/\s+(?:installed|on|enabled|running|there|set up|available|supported)$/, '') };
    const c = it ? { ...clause, rest: before!.rest, text: `${clause.rest ? clause.text.replace(/\s*\S+$/, '') : clause.text} ${before!.rest}` } : clause;
    ctx.lastNamed = before?.rest;
    ctx.lastText = before?.text;
    before = c;
    // "whats my hostname? change it to nas": read again with "it" for what was named before.
    const again = withReferent(c, ctx.lastNamed);
    const first = isComplaint(c) ? undefined : read(c, ctx);
    // Only something new: "auto prune it daily" read as "enable docker" again would hide its request.
    const second = !first && again && !isComplaint(c) ? read(again, ctx) : undefined;
    const found = first ?? (second && !out.intents.some((i) => JSON.stringify(i.changes) === JSON.stringify(second.intent.changes)) ? second : undefined);
    // "enable the firewall and allow ping": a part of what was named before, over a search.
    const parts = !found || found.intent.confidence < 0.8 ? ofNamedBefore(c, ctx.lastNamed) : [];
    const reading = parts.map((p) => subOptionRule(p, ctx)).find(Boolean) ?? found;
    if (!reading) {
      if (/^(?:and|or|the|it|too|also|now|yes|ok)?$/.test(c.rest.trim()) && !c.verb) continue;
      // "turn on bluetooth, we got new headphones": after a request, a clause without a verb
      // about the speaker tells why; it is said how it was read, and nothing more is done.
      // "Is bluetooth on? if not, turn it on": a question beside a request asks nothing more.
      if (!c.verb && !c.negated && (/^(?:we|i|my|our|they|because|since|as|it is|this is|that is)\b/.test(c.text) || QUESTION.test(c.text) || isAside(c, normalise(text), (w) => [...(index.everydayName(w) ?? []), ...(protect(w) ? [w] : []), ...(findFeature(w)?.words ?? [])]))) {
        asides.push(c.text);
        ctx.lastUser = leaver(c) ?? ctx.lastUser;
        continue;
      }
      out.unknown.push({ words: c.text, nearest: nearestThings(c.rest || c.text, index) });
      continue;
    }
    if (reading.intent.changes.length === 0 && reading.intent.confidence === 0) {
      // "whats my time zone? set it to ...": a question that names a setting asks nothing to change.
      if (!c.verb && QUESTION.test(c.text)) asides.push(c.text);
      else out.unknown.push({ words: c.text, nearest: reading.intent.notes });
      continue;
    }
    if (reading.answers !== undefined) out.unknown = out.unknown.filter((u) => u.words !== reading.answers);
    if (c.corrections.length) reading.intent.notes.push(`Read ${c.corrections.join(', ')}.`);
    // Said twice ("... vim, please remove it") is asked once.
    const same = JSON.stringify(reading.intent.changes);
    if (out.intents.some((i) => JSON.stringify(i.changes) === same)) continue;
    out.intents.push(reading.intent);
    out.alternatives.push(reading.alternatives);
  }
  settleDesktops(out.intents, ctx.cleanups ?? []);
  settleRequest(out, index, present);
  // "Hello! I've just installed NixOS and I'd like Firefox": what the person says about
  // themselves beside a request tells why; said how it was read. Alone, it asks nothing.
  if (asides.length && out.intents.length) out.intents[0]!.notes.push(...asides.map((a) => (QUESTION.test(a) ? `Read "${a}" as a question, not as something to change.` : `Read "${a}" as why, not as something to change.`)));
  else for (const a of asides) out.unknown.push({ words: a, nearest: nearestThings(a, index) });
  // Nothing asked at all ("hi"): said so, with what can be asked.
  if (out.intents.length === 0 && out.unknown.length === 0) out.unknown.push({ words: text.trim(), nearest: nearestThings(text, index) });
  return out;
}

const RULES: Array<(c: Clause, ctx: Context) => Reading | undefined> = [
  optionAssignment,
  userAttrsRule,
  settingLineRule,
  sshHardening,
  sudoPassword,
  openFirewallRule,
  trustedInterfaceRule,
  firewallPorts,
  timeZoneRule,
  localeFormatsRule,
  localeRule,
  keyboardVariantRule,
  keyboardRule,
  placeTimeRule,
  hostNameRule,
  autoLoginRule,
  usersRule,
  kernelRule,
  dnsRule,
  bootEntriesRule, partRule,
  staticAddressRule, wakeOnLanRule, hostsEntryRule, domainRule, kernelParamsRule, bootTimeoutRule, grubSavedRule, upgradeSourceRule,
  nixMaintenance,
  upgradeRule, cleanItselfRule, pruneRule, zramShareRule,
  bootLoader,
  swapFile,
  subOptionRule,
  describedPathRule, namedSwitchRule,
  featureRule,
  packagesRule,
  setByName,
  countRule, describedSwitchRule,
  genericOption,
  setUpPackage,
];

function read(clause: Clause, ctx: Context): Reading | undefined {
  const c = withPronouns(clause, ctx.lastUser);
  // A clause the frame reads only by a search ("only with keys" after "enable ssh") may be
  // something the rules know by name: the surer reading wins.
  let framed: Reading | undefined;
  // A clause after one that frames it ("create user tom and vim") is not asked for on its own.
  const continues = !!ctx.frame;
  if ((!c.verb || ctx.frameTakesVerbs) && ctx.frame) {
    framed = ctx.frame(c);
    if (framed && framed.intent.confidence >= 0.8) return framed;
  }
  // "remove vim but keep git": what is to stay as it is is understood, and changes nothing
  // (after the frame: "collect garbage daily, keep 7 days" is how long to keep).
  const kept = /^(?:keep|leave|retain)\s+(.+?)(?:\s+(?:alone|as it is|as is|installed|there|on))?$/.exec(c.text);
  // ("keep 5 boot entries", "keep only the last 5 generations": a count, not something left alone.)
  if (kept && !framed && !/\b(?:up to date|updated|current)\b/.test(c.text) && !/\b\d+\b/.test(c.text)) {
    ctx.frame = undefined;
    return { intent: { family: ctx.index.package(kept[1]!) ? 'packages' : 'service', summary: `keep ${kept[1]} as it is`, words: c.text, changes: [], notes: [`Nothing to change for ${kept[1]}.`], confidence: 1 }, alternatives: [] };
  }
  ctx.frame = undefined;
  ctx.frameTakesVerbs = false;
  // "install firefox but not chromium": "not" takes a name out of what the clause before asks;
  // nothing changes for it, and it says so.
  // ("but not at boot", "not on weekends" say when or how, which leaving a thing out does not read.)
  if (continues && !framed && c.negated && !c.verb && /^not\b/.test(c.text) && c.rest && !/^(?:at|on|in|during|when|while|after|before|from|with|without|until|over|via|by)\b/.test(c.rest)) {
    return { intent: { family: 'packages', summary: `leave ${c.rest} out`, words: c.text, changes: [], notes: [`Not ${c.rest}: nothing changes for it.`], confidence: 1 }, alternatives: [] };
  }
  // "don't install anything, just enable bluetooth": nothing of that kind is to change.
  if ((c.negated && /^(?:anything|any packages|anything else|any of (?:it|that))$/.test(c.rest)) || (c.verb && /^nothing(?: else)?$/.test(c.rest))) {
    return { intent: { family: 'packages', summary: 'change nothing of that', words: c.text, changes: [], notes: ['Nothing to change for that.'], confidence: 1 }, alternatives: [] };
  }
  // "enable fail2ban to protect ssh": what it is for names nothing to change; the head is read
  // first, the whole clause only when the head alone means nothing.
  const head = purposeless(c, (w) => !!ctx.index.package(w) || !!findFeature(w) || ctx.index.isOptionPrefix(['services', w]) || ctx.index.isOptionPrefix(['programs', w]), (w) => !!ctx.index.option(['services', w, 'enable']));
  const byRules = (cl: Clause) => {
    for (const rule of RULES) {
      const r = rule(cl, ctx);
      if (r) return r;
    }
    return undefined;
  };
  // "install vlc or mpv": a choice is never guessed silently; the first named, the others ranked after it.
  const choice = choiceOf(c, byRules);
  if (choice) return choice;
  const first = head && (byRules(head) ?? (continues || c.verb ? undefined : unsaid(head, ctx.index, byRules)));
  const whole = first && first.intent.confidence >= 0.8 ? first : (byRules(c) ?? first);
  const r = (framed && (!whole || whole.intent.confidence < framed.intent.confidence) ? framed : whole) ?? (continues ? undefined : unsaid(c, ctx.index, byRules));
  const user = r?.intent.changes.find((ch) => ch.path[0] === 'users' && ch.path[1] === 'users' && ch.path[2])?.path[2];
  if (user) ctx.lastUser = user;
  return r;
}

/**
 * "install vlc or mpv", "enable either docker or podman": each choice read with the clause's verb;
 * when every one is understood by name, the first is the reading and the others its alternatives.
 * Removing "vim or nano" is removing both (packagesRule), so only asking for something is a choice.
 */
function choiceOf(c: Clause, byRules: (c: Clause) => Reading | undefined): Reading | undefined {
  if (!c.verb || off(c) || !/\bor\b/.test(c.rest) || !c.text.endsWith(c.rest)) return undefined;
  const parts = c.rest.replace(/^either\s+/, '').split(/\s*,?\s*\bor\b\s*/).filter(Boolean);
  if (parts.length < 2) return undefined;
  const lead = c.text.slice(0, c.text.length - c.rest.length);
  const readings = parts.map((p) => byRules({ ...c, rest: p, text: `${lead}${p}` }));
  if (!readings.every((r) => r && r.intent.confidence >= 0.8 && r.intent.changes.length)) return undefined;
  const [first, ...others] = readings as Reading[];
  first!.intent.confidence = Math.min(first!.intent.confidence, 0.9);
  first!.intent.words = c.text;
  first!.intent.notes.push(`You named ${parts.length} choices: reading the first, ${parts[0]}; ${parts.slice(1).join(', ')} ${parts.length > 2 ? 'are' : 'is'} offered instead.`);
  const alternatives = others.map((o, k) => ({ intent: { ...o.intent, words: c.text, confidence: Math.min(o.intent.confidence, 0.9) * 0.9 }, reason: `the ${k === 0 ? 'other' : 'next'} choice you named: ${parts[k + 1]}` }));
  return { intent: first!.intent, alternatives: [...alternatives, ...first!.alternatives] };
}

/**
 * A clause without its verb: "firefox pls", "earlyoom, please" (a name alone asks for it: the
 * package, or the service when that is what the name is); "no libreoffice", "no more git"
 * (a "no" before a name asks it gone). Only sure names: a typo or a search of a lone word is no request.
 */
function unsaid(c: Clause, index: NixosIndex, byRules: (c: Clause) => Reading | undefined): Reading | undefined {
  if (c.verb || !c.rest || QUESTION.test(c.text) || /^(?:we|i|my|our|they|because|since|as|it|this|that|there|here|what|which)\b/.test(c.text)) return undefined;
  // Only a name the index knows as it is (or one word, which may be a typo of one): anything else
  // would only be found by a search, which a lone clause never asks for, so none is made.
  const name = stripArticles(c.rest);
  const forms = [name, name.replace(/\s+/g, '-'), name.replace(/\s+/g, '')];
  const known = !name.includes(' ') || forms.some((f) => index.package(f) || index.isOptionPrefix(['services', f]) || index.isOptionPrefix(['programs', f])) || index.everydayName(name) !== undefined || findFeature(name) !== undefined || /\b(?:to|into|in|from)\b.*\bgroups?$/.test(name);
  if (!known) return undefined;
  const r = c.negated ? byRules({ ...c, verb: 'remove', negated: false }) : byRules({ ...c, verb: 'install' });
  // A lone word a typo away from a package is asked for too ("fierfox please"); a search is not.
  return r && r.intent.confidence >= (c.negated || !c.rest.includes(' ') ? 0.8 : 0.9) && r.intent.changes.length ? r : undefined;
}

/** A clause that asks how things are, not for a change: "is bluetooth on", "whats my hostname". */
export const QUESTION = /^(?:why|what|whats|where|wheres|when|who|which|whose|how|hows|is|are|does|do|did|was|were|have|has|am|explain|describe|tell me)\b/;

// ------------------------------------------------------------------ SSH and sudo

function sshHardening(c: Clause, ctx: Context): Reading | undefined {
  // "ssh on, root off": root or passwords right after SSH was named are its logins.
  const r = sshHardeningOf(c) ?? (/\b(?:ssh|sshd|openssh)\b/.test(ctx.lastNamed ?? '') && /\b(?:root|passwords?)\b/.test(c.text) ? sshHardeningOf({ ...c, text: `${c.text} ssh` }) : undefined);
  // "disallow password logins on ssh, and root logins too": the next clause is asked the same way.
  if (r) ctx.frame = (next) => (/\b(?:root|password|passwords|keys?)\b/.test(next.text) ? sshHardeningOf({ ...next, verb: c.verb, negated: c.negated, text: `${next.text} ssh` }) : undefined);
  return r;
}

function sshHardeningOf(c: Clause): Reading | undefined {
  const root = has(c, /\broot\b.*\b(?:login|log in|logins|access|ssh)\b|\b(?:login|log in|ssh in|ssh|log)\b.*\bas root\b|\bpermitrootlogin\b|\bssh\b.*\b(?:no|not|never)\s+root\b/);
  const password = has(c, /\bpassword (?:login|logins|authentication|auth)\b|\blog ?in with (?:a )?passwords?\b|\bpasswords? (?:for|over|via|in) ssh\b|\bpasswordauthentication\b/) || (has(c, /\bssh\b/) && has(c, /\bpasswords?\b/) && !has(c, /\bsudo\b/));
  const keysOnly = has(c, /\b(?:only|just) (?:allow |use |with |using |by |via )?(?:ssh |public )?keys?\b|\bkey[- ]based\b|\bkey[- ]only\b|\bkeys? only\b|\bwith (?:ssh |public |my )?keys\b/);
  // "ssh as root with keys": root by key only.
  if (root && keysOnly) return intent(c, 'ssh', 'allow logging in as root over SSH with keys only', [str('services.openssh.settings.PermitRootLogin', 'prohibit-password')]);
  if (root) {
    // ("PermitRootLogin no": the setting's own name, then its value.)
    const no = off(c) || has(c, /\bno root\b|\bcannot\b|\bnot\b|\bnever\b|\b(?:to|=|:|is|permitrootlogin) ?(?:no|off|false|disabled)\b/);
    return intent(c, 'ssh', no ? 'forbid logging in as root over SSH' : 'allow logging in as root over SSH', [str('services.openssh.settings.PermitRootLogin', no ? 'no' : 'yes')]);
  }
  if (password || keysOnly) {
    const allow = keysOnly ? false : !off(c) && !has(c, /\b(?:no|no more|without(?: a| any)?) passwords?\b|\bpasswords? off\b|\b(?:to|=|:|is) ?(?:no|off|false|disabled)\b|\bnot (?:accept|allow|take|permit|ask for)\b|\b(?:refuse|reject)s?\b/);
    // "enable ssh with keys only": the server itself is asked for too.
    const server = c.verb === 'enable' && !c.negated && /^(?:the )?(?:ssh|openssh|sshd)(?: server)?\b/.test(c.rest) ? [bool('services.openssh.enable', true)] : [];
    return intent(c, 'ssh', allow ? 'allow password logins over SSH' : 'allow only key logins over SSH (no passwords)', [...server, bool('services.openssh.settings.PasswordAuthentication', allow)]);
  }
  const port = /\bssh\b.*\bport\b\D*(\d{1,5})|\bport\b\D*(\d{1,5})\b.*\bssh\b/.exec(c.text);
  if (port && c.verb !== 'open' && c.verb !== 'close') {
    const n = Number(port[1] ?? port[2]);
    // "enable ssh on port 2222": the server itself is asked for too.
    const server = c.verb === 'enable' && !c.negated && /^(?:the )?(?:ssh|openssh|sshd)(?: server)?\b/.test(c.rest) ? [bool('services.openssh.enable', true)] : [];
    if (n > 0 && n < 65536) return intent(c, 'ssh', `run SSH on port ${n}`, [...server, { kind: 'set', path: ['services', 'openssh', 'ports'], value: { text: `[ ${n} ]` } }]);
  }
  return undefined;
}

function sudoPassword(c: Clause): Reading | undefined {
  if (!has(c, /\bsudo\b/) || !has(c, /\bpassword|password-?less|nopasswd\b/)) return undefined;
  const noPassword = has(c, /\bpassword-?less\b|\bremove (?:a |the |my )?(?:sudo )?password\b|\bwithout (?:\S+ ){0,3}?passwords?\b|\bno password\b|\bnopasswd\b/) || (c.negated && has(c, /\bask|require|need|prompt\b/)) || has(c, /\b(?:not|never|no longer|stop|stops) (?:ask|asks|asking|require|requires|requiring|need|needs|prompt|prompts|prompting)\b/) || c.verb === 'disable' || c.verb === 'remove';
  return intent(c, 'sudo', noPassword ? 'let administrators use sudo without a password' : 'ask administrators for their password for sudo', [bool('security.sudo.wheelNeedsPassword', !noPassword)]);
}

// ------------------------------------------------------------------ firewall

function firewallPorts(c: Clause, ctx: Context): Reading | undefined {
  const about =
    has(c, /\bports?\b|\bfirewall for\b|\bin the firewall\b|\bthrough the firewall\b/) ||
    c.verb === 'open' ||
    (c.verb === 'close' && /\d/.test(c.rest)) ||
    (has(c, /\bfirewall\b/) && /\d/.test(c.rest)) ||
    // "allow 8080", "allow udp 5353", "block 6000-6010/tcp": only port numbers after the verb.
    ((c.verb === 'enable' || c.verb === 'disable') && PORTS_ONLY.test(c.rest)) ||
    // "udp 500 and 4500 for ipsec": a protocol and its ports, without a verb.
    (!c.verb && /^(?:tcp|udp)\s+(?:ports?\s+)?\d/.test(c.text));
  if (!about) return undefined;
  let list = ports(withoutNamedNumbers(c.rest).replace(/\b(?:tcp|udp)\b/g, ' '));
  if (list.length === 0) {
    const svc = Object.keys(SERVICE_PORTS).find((k) => new RegExp(`\\b${k}\\b`).test(c.rest));
    // ("trust the wireguard interface": an interface, not the service's port.)
    if (!svc || /\b(?:interfaces?|iface)\b/.test(c.rest)) return undefined;
    list = SERVICE_PORTS[svc]!.ports.map((port) => ({ port }));
    const p = SERVICE_PORTS[svc]!;
    if (!has(c, /\b(?:tcp|udp)\b/)) return portsReading(c, ctx, list, p.tcp !== false && (p.udp !== true || p.tcp === true), p.udp === true);
  }
  const udp = has(c, /\budp\b|\btcp\+udp\b/);
  const tcp = !udp || has(c, /\btcp\b|\btcp\+udp\b/);
  return portsReading(c, ctx, list, tcp, udp);
}

const PORTS_ONLY = /^(?:(?:tcp|udp|tcp\+udp)\s+)?(?:ports?\s+)?(?:from\s+)?(?:ports?\s+)?\d{1,5}(?:\s*(?:-|to|through|and|,)\s*\d{1,5})*(?:\s*\/?\s*(?:tcp|udp))?(?:\s+(?:in|through|on) the firewall)?$/;

function portsReading(c: Clause, ctx: Context, list: ReturnType<typeof ports>, tcp: boolean, udp: boolean): Reading {
  // "don't block port 9090" opens it.
  const close = off(c);
  const changes: Change[] = [];
  for (const [proto, on] of [['TCP', tcp], ['UDP', udp]] as const) {
    if (!on) continue;
    const single = list.filter((p) => 'port' in p).map((p) => ({ text: String((p as { port: number }).port) }));
    const ranges = list.filter((p) => 'from' in p).map((p) => {
      const r = p as { from: number; to: number };
      return { text: `{ from = ${r.from}; to = ${r.to}; }` };
    });
    const kind = close ? 'listRemove' : 'listAdd';
    if (single.length) changes.push({ kind, path: ['networking', 'firewall', `allowed${proto}Ports`], items: single });
    if (ranges.length) changes.push({ kind, path: ['networking', 'firewall', `allowed${proto}PortRanges`], items: ranges });
  }
  const what = list.map((p) => ('port' in p ? String(p.port) : `${p.from}-${p.to}`)).join(', ');
  const protos = [tcp && 'TCP', udp && 'UDP'].filter(Boolean).join(' and ');
  ctx.frame = (cont) => {
    // "open ports 80 and 443 for my web server": what the ports are for names nothing more.
    const next = /\b(?:tcp|udp)\b/.test(cont.text) ? cont : { ...cont, text: cont.text.replace(/^(\S+(?:\s+\d\S*)*)\s+(?:for|so|because)\s+.*$/, '$1') };
    const svc = SERVICE_PORTS[next.text.trim()];
    if (svc) return portsReading({ ...next, verb: c.verb, negated: c.negated }, ctx, svc.ports.map((port) => ({ port })), svc.tcp !== false && (svc.udp !== true || svc.tcp === true), svc.udp === true);
    const more = ports(next.text.replace(/\b(?:tcp|udp)\b/g, ' '));
    if (more.length === 0 || !/^(?:(?:tcp|udp)\s+)?(?:ports?\s+)?[\d\s\-to,/]+(?:tcp|udp)?$/.test(next.text.trim())) {
      // "open 25565 for minecraft (tcp and udp)": the protocol not yet asked for.
      if (next.text.trim() === 'tcp+udp' && !(tcp && udp)) return portsReading({ ...next, verb: c.verb, negated: c.negated }, ctx, list, !tcp, !udp);
      if (/^(?:tcp|udp)$/.test(next.text.trim())) return portsReading({ ...next, verb: c.verb, negated: c.negated }, ctx, list, next.text.trim() === 'tcp', next.text.trim() === 'udp');
      return undefined;
    }
    const u = /\budp\b/.test(next.text) || (udp && !tcp);
    const t = /\btcp\b/.test(next.text) || !u;
    return portsReading({ ...next, verb: c.verb, negated: c.negated }, ctx, more, t, u);
  };
  return intent(c, 'firewall', `${close ? 'close' : 'open'} ${protos} port${list.length > 1 || 'from' in list[0]! ? 's' : ''} ${what} in the firewall`, changes);
}

// ------------------------------------------------------------------ time, locale, keyboard, host name

function valueAfter(c: Clause, keyword: RegExp): string | undefined {
  const m = new RegExp(`(?:${keyword.source})(?:\\s+(?:to|is|as|=|:|of|should be|be))?\\s+(.+)$`).exec(c.text);
  if (m?.[1]) return m[1].replace(/^(?:to|the|a|an)\s+/, '').replace(/\s+(?:time|timezone|time zone|please)$/, '').trim();
  const m2 = /^(?:set|use|change|make|switch)?\s*(.+?)\s+(?:as|for)\s+(?:the\s+|my\s+)?/.exec(c.text);
  return m2?.[1];
}

function timeZoneRule(c: Clause, ctx: Context): Reading | undefined {
  let words: string | undefined;
  // "use the berlin timezone": the zone may come before the word.
  if (has(c, /\btime ?zone\b|\btz\b/)) words = valueAfter(c, /\btime ?zones?\b|\btz\b/) ?? /([a-z_/]+(?: [a-z_]+)?)\s+(?:time ?zone|tz)$/.exec(c.text)?.[1];
  else {
    const m = /\b(?:i am|i live|we are|i moved|i'm|we live|we moved|move|moved)\s+(?:in|to)\s+(.+)$/.exec(c.text) ?? /\b(?:time|clock)\s+to\s+(.+?)(?:\s+time)?$/.exec(c.text) ??
      // "use tokyo time", "german time berlin": a place's time.
      /\b(?:use|on|in|to)\s+(?:the\s+)?([a-z_/]+(?:\s+[a-z_]+)?\s+time(?:\s+[a-z_/]+)?)$/.exec(c.text);
    words = m?.[1];
  }
  if (!words) return undefined;
  words = words.replace(/^(?:the\s+)?/, '').replace(/\s+time$/, '');
  // "I moved to Berlin, set the time zone accordingly": the zone said before.
  if (ctx.lastZone && /^(?:accordingly|to match|to that|that|it|there|the same|correctly|right|(?:change|set|update|fix|adjust|correct)(?: the| my| our)?)$/.test(words)) return intent(c, 'time', `set the time zone to ${ctx.lastZone}`, [str('time.timeZone', ctx.lastZone)]);
  const zone = timeZone(words) ?? timeZone(words.split(' ').pop() ?? '') ?? timeZone(words.split(' ')[0] ?? '');
  if (!zone) {
    if (!has(c, /\btime ?zone\b/)) return undefined;
    return { intent: { family: 'time', summary: `set the time zone (no zone "${words}" is known)`, words: c.text, changes: [], notes: [`"${words}" is no IANA time zone; write one like Europe/Berlin.`], confidence: 0 }, alternatives: [] };
  }
  ctx.lastZone = zone;
  return intent(c, 'time', `set the time zone to ${zone}`, [str('time.timeZone', zone)]);
}

function localeRule(c: Clause): Reading | undefined {
  if (!has(c, /\b(?:locale|language|lang)\b/)) return undefined;
  const words = valueAfter(c, /\b(?:system\s+)?(?:locale|language|lang)\b/);
  // "use german locale": the value may come before the word too.
  const before = /(?:^|\s)([a-z_.-]+)\s+(?:system\s+)?(?:locale|language)\b/.exec(c.text)?.[1];
  const l = (words && (locale(words) ?? locale(words.replace(/[()]/g, '')) ?? locale(words.split(' ')[0] ?? ''))) || (before && locale(before));
  if (!l) return undefined;
  return intent(c, 'locale', `set the system language to ${l}`, [str('i18n.defaultLocale', l)]);
}

function keyboardRule(c: Clause): Reading | undefined {
  if (!has(c, /\bkeyboard|keymap|key map|layout\b/)) return undefined;
  let k: ReturnType<typeof keyboardLayout>;
  for (const re of [/(?:^|\b(?:to|as|use|a|an|the)\s+)([a-z ]+?)\s+(?:keyboard|layout|keymap)/, /\b(?:keyboard|layout|keymap)(?:\s+layout)?(?:\s+(?:to|is|as|=|:))?\s+([a-z ]+)$/]) {
    // "set keyboard to uk layout": the word for what it is goes.
    const words = re.exec(c.text)?.[1]?.replace(/^(?:a|an|the)\s+/, '').replace(/\s+(?:layout|keyboard|keymap)$/, '').trim();
    // ("get a swiss german keyboard": the longest last words that name a layout, "swiss german", not "german")
    k = words ? (keyboardLayout(words) ?? words.split(' ').map((_, i, all) => keyboardLayout(all.slice(i).join(' '))).find(Boolean)) : undefined;
    if (k) break;
  }
  if (!k) return undefined;
  const changes = [str('services.xserver.xkb.layout', k.layout)];
  if (k.variant) changes.push(str('services.xserver.xkb.variant', k.variant));
  changes.push(bool('console.useXkbConfig', true));
  return intent(c, 'keyboard', `use the ${k.layout}${k.variant ? ` (${k.variant})` : ''} keyboard layout, on the console too`, changes);
}

function hostNameRule(c: Clause): Reading | undefined {
  const m =
    /\b(?:host ?name|computer name|machine name|computer's name|machine's name)\b(?:\s+(?:to|is|as|=|:|should be))?\s+["']?([a-z0-9.-]+)["']?$/.exec(c.text) ??
    /\b(?:call|name|rename)\s+(?:(?:this|the|my|our)\s+)?(?:machine|computer|laptop|host|server|pc|box|system)(?:\s+to|\s+as)?\s+["']?([a-z0-9.-]+)["']?$/.exec(c.text) ??
    // "could the machine be called nas": asked as a question.
    /\b(?:machine|computer|laptop|host|server|pc|box|system)\s+(?:\w+\s+)?be\s+(?:called|named|renamed(?:\s+to)?)\s+["']?([a-z0-9.-]+)["']?$/.exec(c.text) ??
    /\b(?:this|the|my|our)\s+(?:machine|computer|laptop|host|server|pc|box|system)\s+(?:should be|is|will be|shall be|must be)\s+(?:called|named)\s+["']?([a-z0-9.-]+)["']?$/.exec(c.text);
  if (!m) return undefined;
  const name = m[1]!;
  if (!isHostName(name)) {
    return { intent: { family: 'hostname', summary: `set the host name ("${name}" is not a valid host name)`, words: c.text, changes: [], notes: ['A host name is letters, digits and hyphens, without dots, at most 63 long.'], confidence: 0 }, alternatives: [] };
  }
  return intent(c, 'hostname', `name this machine "${name}"`, [str('networking.hostName', name)]);
}

// ------------------------------------------------------------------ nix maintenance, boot, swap

function nixMaintenance(c: Clause, ctx: Context): Reading | undefined {
  const when = schedule(c.text);
  // "delete old generations": deleting is what collecting garbage does, not stopping it.
  const no = off(c) && !(c.verb === 'remove' && !c.negated && has(c, /\bold(?:er)? generations\b/));
  if (has(c, /\bgarbage|\bgc\b|\bold generations\b|\bclean(?:ing)? up\b|\bcleanup\b/)) {
    const changes: Change[] = [bool('nix.gc.automatic', !no)];
    if (!no && when) changes.push(str('nix.gc.dates', when));
    const older = age(c.text);
    ctx.frame = (next) => {
      const o = age(next.text);
      const w = schedule(next.text);
      if (no || (!o && !w)) return undefined;
      const ch: Change[] = [];
      if (w) ch.push(str('nix.gc.dates', w));
      if (o) ch.push(str('nix.gc.options', `--delete-older-than ${o}`));
      return intent(next, 'nix', `collect garbage${w ? ` ${w}` : ''}${o ? `, deleting what is older than ${o}` : ''}`, ch);
    };
    ctx.frameTakesVerbs = true;
    if (!no && older) changes.push(str('nix.gc.options', `--delete-older-than ${older}`));
    return intent(c, 'nix', no ? 'stop collecting garbage automatically' : `collect garbage automatically${when ? ` (${when})` : ''}${older ? `, deleting what is older than ${older}` : ''}`, changes);
  }
  if (has(c, /\boptimi[sz](?:e|es|ing|ation)\b|\bdedup|\bhard ?link/) && has(c, /\bstore\b|\bnix\b|\bdisk|\bspace|\bdedup|optimi[sz]ation|\bauto[- ]?optimi[sz]e/)) {
    if (when) return intent(c, 'nix', `optimise the Nix store on a schedule (${when})`, [bool('nix.optimise.automatic', !no), ...(no ? [] : [str('nix.optimise.dates', when)])]);
    const r = intent(c, 'nix', no ? 'stop optimising the Nix store' : 'optimise the Nix store on every build (hard-link identical files)', [bool('nix.settings.auto-optimise-store', !no)]);
    r.alternatives.push({ intent: { ...r.intent, summary: 'optimise the Nix store on a timer', changes: [bool('nix.optimise.automatic', !no)] }, reason: 'a timer instead of on every build: less work while building' });
    return r;
  }
  if (has(c, /\b(?:auto(?:matic(?:ally)?)?[- ]?(?:system\s+|nixos\s+)?(?:upgrades?|updates?|upgrading|updating))\b|\b(?:upgrades?|updates?|upgrade|update)\s+(?:\w+\s+){0,2}automatically\b|\bkeep (?:the system|it|nixos) (?:up to date|updated)\b|\bautoupgrade\b|\b(?:updates?|upgrades?|updating|upgrading) (?:itself|themselves|on its own)\b|\b(?:daily|weekly|monthly|nightly|regular|scheduled) (?:system |nixos )?(?:upgrades|updates)\b/)) {
    const changes: Change[] = [bool('system.autoUpgrade.enable', !no)];
    if (!no && when) changes.push(str('system.autoUpgrade.dates', when));
    if (!no && has(c, /\breboot|restart\b/)) changes.push(bool('system.autoUpgrade.allowReboot', !has(c, /\b(?:no|without|never|do not)\b.*\breboot/)));
    ctx.frame = (next) => {
      if (no || !/\breboot|restart/.test(next.text)) return undefined;
      const allow = !off(next) && !/\b(?:no|without|never|do not)\b/.test(next.text);
      return intent(next, 'nix', allow ? 'reboot after an upgrade when needed' : 'never reboot after an upgrade', [bool('system.autoUpgrade.allowReboot', allow)]);
    };
    ctx.frameTakesVerbs = true;
    return intent(c, 'nix', no ? 'stop upgrading automatically' : `upgrade the system automatically${when ? ` (${when})` : ''}`, changes);
  }
  return undefined;
}

function bootLoader(c: Clause, ctx: Context): Reading | undefined {
  // Two boot loaders on is an error: switching turns off the one the configuration has on.
  const isOn = (path: string) => ctx.present.value(path) === 'true';
  const t =
    /\b(?:boot (?:menu|loader)?|grub|systemd[- ]boot|boot ?loader)\s*timeout\b\D*(\d+)|\bwait (\d+) seconds? (?:at|in|on) (?:the )?boot/.exec(c.text) ??
    /\bboot (?:menu|loader|screen)\b.*?\b(\d+)\s*(?:s|secs?|seconds?)\b|\b(\d+)\s*(?:s|secs?|seconds?)\b.*\bboot (?:menu|loader|screen)\b/.exec(c.text);
  // "make grub wait 10 seconds": how long the menu waits, whichever boot loader is named.
  const w = /\b(?:grub|systemd[- ]boot|boot ?loader|boot menu)\b.*?\bwait\s+(\d+)\s*(?:s|secs?|seconds?)\b/.exec(c.text);
  const secs = (t && (t[1] ?? t[2] ?? t[3] ?? t[4])) ?? w?.[1];
  if (secs) return intent(c, 'boot', `show the boot menu for ${secs} seconds`, [{ kind: 'set', path: ['boot', 'loader', 'timeout'], value: { text: String(Number(secs)) } }]);
  // "remove grub and use systemd-boot": a boot loader asked off is turned off (the other one is asked for on its own).
  if (off(c) && has(c, /\bgrub\b|\bsystemd[- ]boot\b/)) {
    const path = has(c, /\bgrub\b/) ? 'boot.loader.grub.enable' : 'boot.loader.systemd-boot.enable';
    return intent(c, 'boot', `turn off ${has(c, /\bgrub\b/) ? 'GRUB' : 'systemd-boot'}`, [bool(path, false)]);
  }
  if (has(c, /\bsystemd[- ]boot\b/)) {
    const changes = [bool('boot.loader.systemd-boot.enable', true), bool('boot.loader.efi.canTouchEfiVariables', true)];
    if (isOn('boot.loader.grub.enable')) changes.push(bool('boot.loader.grub.enable', false));
    return intent(c, 'boot', 'boot with systemd-boot (UEFI)', changes);
  }
  if (has(c, /\bgrub\b/)) {
    const dev = /(\/dev\/[a-z0-9/_-]+)/.exec(c.text)?.[1];
    const changes = [bool('boot.loader.grub.enable', true)];
    if (isOn('boot.loader.systemd-boot.enable')) changes.push(bool('boot.loader.systemd-boot.enable', false));
    if (dev) changes.push(str('boot.loader.grub.device', dev));
    if (has(c, /\befi|uefi\b/)) changes.push(bool('boot.loader.grub.efiSupport', true));
    return intent(c, 'boot', `boot with GRUB${dev ? ` on ${dev}` : ''}`, changes);
  }
  return undefined;
}

function swapFile(c: Clause): Reading | undefined {
  if (!has(c, /\bswap\b|\bswapfile\b|\bswap file\b/) || has(c, /\bzram\b|\bcompressed\b/)) return undefined;
  if (off(c)) return intent(c, 'swap', 'use no swap devices', [{ kind: 'set', path: ['swapDevices'], value: { text: '[ ]' } }]);
  const size = sizeMiB(c.text);
  if (!size) return undefined;
  return intent(c, 'swap', `add a swap file of ${size} MiB`, [{ kind: 'listAdd', path: ['swapDevices'], items: [{ text: `{ device = ${nixString(absolutePath(c.text) ?? '/var/lib/swapfile')}; size = ${size}; }` }] }]);
}

// ------------------------------------------------------------------ hand-written features


function featureRule(c: Clause, ctx: Context): Reading | undefined {
  const object = stripArticles(c.rest.replace(/\b(?:support|service|server|daemon)$/, '').trim());
  // "bluetooth with blueman", "gpg agent with ssh support": the feature is read before "with".
  const withAt = /^(.+?)\s+with\s+(.+)$/.exec(stripArticles(c.rest));
  const f = findFeature(object) ?? (off(c) ? desktopOnFor(object, ctx.present) : undefined);
  if (!f || featureOnlyQualifies(object, f, ctx.index)) return undefined;
  const first0 = f.on[0];
  const also = withAt && !off(c) && findFeature(withAt[1]!) === f && first0?.kind === 'set' ? withPart(first0.path.at(-1) === 'enable' ? first0.path.slice(0, -1) : first0.path, withAt[2]!, ctx.index) : undefined;
  // A question without a request in it ("why is my wifi slow?") mentions a feature without
  // asking to turn anything on; "I want to be able to print", "podman please" do ask.
  if (!c.verb && /^(?:why|what|where|when|who|which|whose|how|is|are|does|do|did|was|were|explain|describe|tell me)\b/.test(c.text)) return undefined;
  // Nor does a statement with a "not" in it ("I don't use ssh from outside").
  if (!c.verb && /\b(?:not|never|no longer)\b/.test(c.text)) return undefined;
  // "install firefox" is a package; "install docker" is the feature; "remove vim" a package.
  // ("add nix-command flakes": no package has the name, so the feature is what is meant.)
  if ((c.verb === 'install' || c.verb === 'add' || c.verb === 'remove') && !f.preferOverPackage && (c.verb !== 'add' || ctx.index.package(object) || ctx.index.everydayName(object))) return undefined;
  // "close the printing": a feature closed is turned off (ports are firewallPorts' before this).
  if (c.verb === 'open' || (c.verb === 'close' && /\d/.test(c.rest))) return undefined;
  // "docker compose" is a package of its own, not Docker.
  if (object.includes(' ') && !f.words.includes(object) && ctx.index.package(object.replace(/\s+/g, '-'))) return undefined;
  // "kde connect" is programs.kdeconnect, not Plasma: an option named by all the words wins over a feature named by some.
  if (object.includes(' ') && !f.words.includes(object) && enableOptions(object, ctx.index).some((o) => o.confidence === 1 && o.reason.startsWith('the option named') && !o.reason.endsWith(` ${object.split(' ')[0]}`))) return undefined;
  const no = off(c);
  const isOn = (p: string) => ctx.present.value(p) === 'true';
  const replaced = no ? [] : (f.replaces ?? []).filter(isOn);
  // "switch to plasma", "change the desktop to gnome": the desktop that is on goes too.
  const switched = !no && f.desktop && has(c, /\b(?:switch|switching|change|changing|move|moving|migrate)\b/) ? FEATURES.filter((o) => o.desktop && o.desktop !== f.desktop && isOn(o.desktop)).map((o) => o.desktop!) : [];
  // A desktop turned off takes along what turned it on set, when nothing left uses it (desktops.ts).
  const down = no && f.desktop ? desktopOff(f, ctx.index, ctx.present) : undefined;
  const outside = fromOutside(c.text, f, ctx.index, no);
  if (outside?.length === 0) return { intent: { family: f.family, summary: `keep ${f.name} from outside`, words: c.text, changes: [], notes: [`${f.name} has no option of its own for its firewall ports: say which ports to close.`], confidence: 0 }, alternatives: [] };
  const changes = outside ?? (down ? down.changes : no ? (f.off ?? [{ ...(f.on[0] as Extract<Change, { kind: 'set' }>), value: { text: 'false' } }]) : [...f.on, ...[...switched, ...replaced].map((p) => bool(p, false))]);
  const notes = f.note && !no ? [f.note] : [...(down?.notes ?? [])];
  if (replaced.length) notes.push(`Only one login screen can be on: turning off ${replaced.join(', ')}.`);
  if (switched.length) notes.push(`Switching desktops: turning off ${switched.join(', ')}.`);
  if (also) {
    changes.push(bool(also.path.join('.'), true));
    notes.push(`With ${also.path.join('.')}.`);
  }
  const r = intent(c, f.family, outside ? `close the firewall to ${f.name} from outside (it keeps running)` : `${no ? 'turn off' : 'turn on'} ${f.name}`, changes, 1, notes);
  if (down?.cleanup) (ctx.cleanups ??= []).push({ ...down.cleanup, intent: r.intent });
  // "enable printing and scanning": the next name may be a feature or anything the index knows.
  // "install steam, discord and obs": after asking for a feature, a package too.
  const asked = !c.verb || c.verb === 'install' || c.verb === 'add' || c.verb === 'remove';
  ctx.frame = (next) =>
    // "ssh on, root off", "enable ssh but not for the root": root and passwords after SSH are its logins.
    (f.family === 'ssh' && /\b(?:root|password|passwords|keys?)\b/.test(next.text) ? sshHardeningOf({ ...next, text: `${next.text} ssh` }) : undefined) ??
    featureRule({ ...next, verb: c.verb, negated: c.negated }, ctx) ??
    genericOption({ ...next, verb: c.verb, negated: c.negated, rest: next.text }, ctx) ??
    (asked ? packagesRule({ ...next, verb: c.verb === 'remove' ? 'remove' : 'install', negated: c.negated, rest: next.text }, ctx) : undefined);
  const pkg = ctx.index.everydayName(object)?.[0] ?? (ctx.index.package(object) ? object : undefined);
  // A bare name ("docker please") may mean the package too.
  if (pkg && (c.verb === 'install' || c.verb === 'remove' || c.verb === 'add' || !c.verb)) {
    const only = packageIntent(c, ctx.index, [pkg], no);
    // "remove docker" where the package is in the list and the feature is not on: the package is what goes.
    const first = f.on[0]!;
    if (no && c.verb === 'remove' && ctx.present.packages.has(pkg) && first.kind === 'set' && !isOn(first.path.join('.'))) {
      only.notes.push(`${pkg} is in the package list and ${f.name} is not on: removing the package.`);
      return { intent: only, alternatives: [{ intent: r.intent, reason: `${f.name} (${first.path.join('.')}), not the package` }] };
    }
    r.alternatives.push({ intent: only, reason: `only the ${pkg} package, without the NixOS service around it` });
  }
  return r;
}

// ------------------------------------------------------------------ packages

function packageIntent(c: Clause, index: NixosIndex, attrs: string[], remove: boolean, confidence = 1): Intent {
  const names = attrs.join(', ');
  const notes: string[] = [];
  const changes: Change[] = [{ kind: remove ? 'listRemove' : 'listAdd', path: ['environment', 'systemPackages'], items: attrs.map((a) => ({ package: a })) }];
  const unfree = attrs.filter((a) => index.package(a)?.unfree);
  if (!remove && unfree.length) {
    changes.push(bool('nixpkgs.config.allowUnfree', true));
    notes.push(`${unfree.join(', ')} ${unfree.length > 1 ? 'are' : 'is'} unfree: allowing unfree packages (nixpkgs.config.allowUnfree).`);
  }
  return { family: 'packages', summary: `${remove ? 'remove' : 'install'} ${names}`, words: c.text, changes, notes, confidence };
}

interface PackageMatch {
  attr: string;
  confidence: number;
  reason: string;
  others: { attr: string; reason: string }[];
}

/** A package for words people use: the attribute itself, an everyday name, a typo, a description. */
export function matchPackage(words: string, index: NixosIndex): PackageMatch | undefined {
  const w = stripArticles(words);
  if (!w) return undefined;
  const forms = [w, w.replace(/\s+/g, '-'), w.replace(/\s+/g, ''), w.replace(/\s+/g, '.')];
  for (const f of forms) {
    if (index.package(f)) {
      const others = (index.everydayName(w) ?? []).filter((a) => a !== f && index.package(a)).map((a) => ({ attr: a, reason: `also called "${w}"` }));
      return { attr: f, confidence: 1, reason: 'package name', others };
    }
  }
  const everyday = index.everydayName(w) ?? index.everydayName(`a ${w}`) ?? index.everydayName(w.replace(/s$/, ''));
  const known = everyday?.filter((a) => index.package(a));
  if (known?.length) {
    return { attr: known[0]!, confidence: known.length > 1 ? 0.9 : 1, reason: `what "${w}" usually means`, others: known.slice(1).map((a) => ({ attr: a, reason: `also called "${w}"` })) };
  }
  const named = nameAndKind(w, index);
  if (named) return { attr: named, confidence: 1, reason: 'package name', others: [] };
  if (!w.includes(' ') && typoMayName(w)) {
    const near = nearestPackageNames(index, w, 3);
    if (near.length) return { attr: near[0]!, confidence: 0.8, reason: `nearest package name to "${w}"`, others: near.slice(1).map((a) => ({ attr: a, reason: `also close to "${w}"` })) };
  }
  const found = searchPackages(index, w, 4).filter((p) => packageSearchHolds(p.attrPath, w));
  if (found.length) return { attr: found[0]!.attrPath, confidence: 0.6, reason: `its description matches "${w}"`, others: found.slice(1).map((p) => ({ attr: p.attrPath, reason: `its description matches "${w}"` })) };
  return undefined;
}

// Words that say what kind of thing a name is without naming it: "the kitty terminal emulator".
const KIND_WORDS = new Set(['app', 'apps', 'application', 'program', 'client', 'tool', 'utility', 'software', 'emulator', 'thing', 'messenger']);

/**
 * "the kitty terminal", "the chromium browser", "the mpv video player": a package name followed
 * by what kind of thing it is, when its description or the everyday names say it is that kind.
 */
function nameAndKind(w: string, index: NixosIndex): string | undefined {
  const words = w.split(' ');
  for (let k = words.length - 1; k >= 1; k--) {
    const head = words.slice(0, k);
    // The name may be an everyday one for a single package ("the signal messenger").
    const everyday = index.everydayName(head.join(' '));
    const attr = [head.join('-'), head.join(''), head.join('.')].find((f) => index.package(f)) ?? (everyday?.length === 1 && index.package(everyday[0]!) ? everyday[0] : undefined);
    if (!attr) continue;
    const kind = words.slice(k).filter((x) => !KIND_WORDS.has(x));
    const description = (index.package(attr)!.description ?? '').toLowerCase();
    const called = (x: string) => index.everydayName(x)?.includes(attr) ?? false;
    if (called(kind.join(' ')) || kind.every((x) => description.includes(x.replace(/s$/, '')) || called(x))) return attr;
  }
  return undefined;
}

function packagesRule(c: Clause, ctx: Context): Reading | undefined {
  if (c.verb !== 'install' && c.verb !== 'remove' && c.verb !== 'add' && !(c.negated && c.verb === 'enable')) return undefined;
  // "don't use zsh": the program's option when there is one by that name, not the package.
  if (c.verb === 'enable' && enableOptions(stripArticles(c.rest), ctx.index).some((o) => o.confidence === 1)) return undefined;
  const remove = c.verb === 'remove' ? !c.negated : c.negated;
  // "remove nginx": a service by that name is what runs; its package is the alternative.
  const named = stripArticles(c.rest);
  const installed = (attr: string) => ctx.present.packages.has(attr);
  // "remove emacs" with neither on: the package first, the service its alternative; a service that is on goes first.
  const service = remove ? ctx.index.option(['services', SERVICE_ALIASES[named] ?? named, 'enable']) : undefined;
  if (service && !installed(named) && ctx.present.value(service.path.join('.')) === 'true') return undefined;
  // "I'd like fail2ban": a daemon whose package, the index says, is used through its service.
  // ("add adguard home for dns blocking": the name before what it is for, in its spellings.)
  const head = named.replace(/\s+(?:for|so|so that|to|because)\s+.*$/, '');
  if (!remove && [head, head.replace(/\s+/g, '-'), head.replace(/\s+/g, '')].some((n) => daemonService(n, ctx.index))) return undefined;
  // "install i3": a window manager is started by its X option; the package alone gives no session.
  if (!remove && c.verb !== 'add' && ctx.index.option(['services', 'xserver', 'windowManager', named, 'enable'])) return undefined;
  // "I don't want zsh anymore": not in the package list but programs.zsh.enable is on, so that is what goes.
  if (remove && !installed(named) && enableOptions(named, ctx.index).some((o) => o.confidence === 1 && ctx.present.value(o.option.path.join('.')) === 'true')) return undefined;
  const read = (cl: Clause): Reading | undefined => {
    const object = stripArticles(
      (cl.rest || cl.text)
        .replace(/\s+(?:to|in|into|on|from|off) (?:(?:my|the|our|this) )?(?:packages|package list|system packages|installed packages|system|list|machine|computer|config|configuration|nixos config|nixos configuration|setup)$/, '')
        .replace(/\s+(?:to|in|into|from) (?:the )?(?:environment\.)?systempackages$/, ''),
    );
    // "I no longer need thunderbird or libreoffice": removing either is removing both.
    const either = remove ? object.split(/\s+(?:or|nor)\s+/) : [];
    if (either.length > 1) {
      const attrs = either.map((w) => matchPackage(w, ctx.index)).map((x) => (x && x.confidence >= 0.8 ? x.attr : undefined));
      if (attrs.every(Boolean)) return { intent: packageIntent(cl, ctx.index, attrs as string[], true), alternatives: [] };
    }
    let m = matchPackage(object, ctx.index);
    // "install zoom for meetings": what it is for, after a name, names nothing more.
    const head = object.replace(/\s+(?:for|so|so that|to|because|since)\s+.*$/, '');
    if ((!m || m.confidence < 0.8) && head !== object) m = matchPackage(head, ctx.index) ?? m;
    // "install ripgrep fd and fzf": names of packages side by side, when together they name none.
    const each = object.split(' ');
    if ((!m || m.confidence < 1) && each.length > 1 && each.every((w) => ctx.index.package(w))) {
      return { intent: packageIntent(cl, ctx.index, each, remove), alternatives: [] };
    }
    if (!m) return undefined;
    // Removing what a search guessed and the configuration does not have is no reading at all.
    if (remove && m.confidence < 0.8 && !installed(m.attr) && !m.others.some((o) => installed(o.attr))) return undefined;
    // Removing: of the packages the words may mean, the one this configuration has.
    const have = remove && !installed(m.attr) && m.reason !== 'package name' ? m.others.find((o) => installed(o.attr)) : undefined;
    if (have) m = { ...m, attr: have.attr, others: [{ attr: m.attr, reason: m.reason }, ...m.others.filter((o) => o !== have)] };
    const r: Reading = { intent: packageIntent(cl, ctx.index, [m.attr], remove, m.confidence), alternatives: [] };
    if (m.confidence < 1) r.intent.notes.push(`Read "${object}" as ${m.attr} (${m.reason}).`);
    for (const o of m.others) r.alternatives.push({ intent: packageIntent(cl, ctx.index, [o.attr], remove, m.confidence * 0.9), reason: o.reason });
    return r;
  };
  const r = read(c);
  if (r && service && r.intent.confidence >= 0.8) {
    const path = service.path.join('.');
    r.alternatives.unshift({ intent: { family: 'service', summary: `turn off ${service.path.slice(0, -1).join('.')}`, words: c.text, changes: [bool(path, false)], notes: [], confidence: 0.9 }, reason: `the ${named} service (${path}), not the package` });
  }
  if (r) ctx.frame = (next) => (findFeature(stripArticles(next.text))?.preferOverPackage ? featureRule({ ...next, verb: c.verb, negated: c.negated }, ctx) : read({ ...next, rest: next.text }));
  return r;
}

/** "set up the Brave browser": an app set up is installed, when no option has the name and the name is sure. */
function setUpPackage(c: Clause, ctx: Context): Reading | undefined {
  if (c.verb !== 'enable' || c.negated) return undefined;
  const m = matchPackage(stripArticles(c.rest), ctx.index);
  // A name or an everyday name ("the office suite", with the others as alternatives); not a typo or a search.
  if (!m || m.confidence < 0.9) return undefined;
  return { intent: packageIntent(c, ctx.index, [m.attr], false, m.confidence), alternatives: m.others.map((o) => ({ intent: packageIntent(c, ctx.index, [o.attr], false, 0.9), reason: o.reason })) };
}

// ------------------------------------------------------------------ anything else the index knows

function genericOption(c: Clause, ctx: Context): Reading | undefined {
  if (!c.verb || !['enable', 'disable', 'set', 'install', 'add', 'remove'].includes(c.verb)) return undefined;
  const object = stripArticles(c.rest.replace(/\b(?:service|server|daemon|support|program|window manager|wm|compositor|desktop environment)$/, '').replace(/^(?:running|using)\s+/, '').trim());
  if (!object) return undefined;
  const no = off(c);
  // "enable trim for the ssd": what it is for or where, after the name, names nothing more.
  const head = object.replace(/\s+(?:for|on|in|with|at|from|of)\s+.+$/, '');
  let found = enableOptions(object, ctx.index);
  if (found.length === 0 && head && head !== object) found = enableOptions(head, ctx.index);
  if (found.length === 0) return undefined;
  if (tiedGuess(found, object)) return { intent: { family: 'service', summary: `turn on ${object}`, words: c.text, changes: [], notes: found.map((o) => `option ${o.option.path.join('.')}`), confidence: 0 }, alternatives: [] };
  const [first, ...rest] = found;
  const make = (o: { option: OptionInfo; confidence: number }): Intent => ({
    family: 'service',
    // "turn on services.fstrim", but "turn on networking.enableIPv6" (a switch not called enable is named whole).
    summary: `${no ? 'turn off' : 'turn on'} ${(o.option.path[o.option.path.length - 1] === 'enable' ? o.option.path.slice(0, -1) : o.option.path).join('.')}`,
    words: c.text,
    // Anything under services.xserver runs in the X server: turning it on turns X on too.
    changes: [bool(o.option.path.join('.'), !no), ...(!no && o.option.path[1] === 'xserver' && o.option.path.length > 3 ? [bool('services.xserver.enable', true)] : [])],
    notes: [],
    confidence: o.confidence,
  });
  const r: Reading = { intent: make(first!), alternatives: rest.map((o) => ({ intent: make(o), reason: o.reason })) };
  if (c.verb === 'remove' && ctx.index.package(object)) r.alternatives.push({ intent: packageIntent(c, ctx.index, [object], true), reason: `the ${object} package, not the service` });
  if ((c.verb === 'install' || c.verb === 'add') && !no && ctx.index.package(object)) r.alternatives.push({ intent: packageIntent(c, ctx.index, [object], false), reason: `only the ${object} package, without the service that runs it` });
  if (first!.confidence < 1) r.intent.notes.push(`Found ${first!.option.path.join('.')} ${first!.reason}.`);
  ctx.frame = (next) => genericOption({ ...next, verb: c.verb, negated: c.negated, rest: next.text }, ctx);
  return r;
}



/** For what was not understood: packages and options close to its words. */
function nearestThings(words: string, index: NixosIndex): string[] {
  const w = stripArticles(words);
  const out = new Set<string>();
  const plain = (x: string) => FUNCTION_WORDS.has(x) || PLAIN_WORDS.has(x);
  // The last word that may name something ("what does this config do": "config").
  const last = w.split(' ').filter((x) => !plain(x)).pop() ?? '';
  if (last) for (const p of nearestPackageNames(index, last, 2)) out.add(`package ${p}`);
  if (last.length >= 3) for (const o of searchOptions(index, last, 3)) out.add(`option ${o.path.join('.')}`);
  if (out.size < 3) for (const p of searchPackages(index, w, 2)) out.add(`package ${p.attrPath}`);
  // The other words of the clause, the longest first ("frobnicate the quux": the verb may be the name);
  // not words that ask nothing or say nothing of what ("what", "does", "this", "thing").
  for (const word of w.split(' ').filter((x) => x !== last && x.length >= 4 && !plain(x)).sort((a, b) => b.length - a.length)) {
    if (out.size >= 3) break;
    for (const p of nearestPackageNames(index, word, 2)) out.add(`package ${p}`);
    for (const o of searchOptions(index, word, 2)) out.add(`option ${o.path.join('.')}`);
  }
  // Nothing near: what kinds of request are understood, so the person can say it another way.
  if (out.size === 0) out.add('requests like "install firefox", "enable ssh", "open port 8080", "set the time zone to Europe/Berlin", "add alice to the docker group"');
  return [...out].slice(0, 5);
}
