// The machine looking after itself, with values read from the words: upgrades from a channel or
// a flake ("upgrade automatically from the nixos-24.05 channel", "auto upgrade from this flake:
// /etc/nixos#laptop") or on a day ("update the system every sunday at 4am"), cleaning itself
// ("clean itself the old things every week"), pruning containers ("auto prune it daily"), zram
// as a share of memory ("a quarter of my ram"), how many cores a build takes ("8 cores per
// build"). Each option is the index's; a schedule NixOS already keeps by default is not written.
import type { OptionInfo } from '../knowledge/model.js';
import type { Change } from './model.js';
import { bool, str } from './families.js';
import { searchOptions } from './lookup.js';
import { channelName, flakeRef, nixString, percent, schedule } from './values.js';
import { has, intent, off, type Context, type Reading } from './reading.js';
import type { Clause } from './words.js';

/**
 * The schedule to write for an option, or undefined when its default is that very schedule.
 * "every night" is written as "daily" even where the default is a time of day (04:40): a
 * person who names when wants it said, and every other reading of a nightly schedule writes it.
 */
function dates(o: OptionInfo | undefined, when: string | undefined): string | undefined {
  if (!when || !o) return when;
  const def = o.default?.replace(/^\[\s*(.*?)\s*\]$/, '$1');
  if (def === nixString(when)) return undefined;
  return when;
}

const UPGRADE = /\b(?:upgrades?|updates?|upgrading|updating|upgraded|updated|autoupgrade)\b/;
const ITSELF = /\b(?:alone|by itself|on its own|itself|automatically|auto|automatic)\b/;
const SUBJECT = /\b(?:system|server|machine|computer|nixos|laptop|desktop|box|pc|everything)\b/;

/**
 * Upgrades on their own: from a channel or flake named in the words, or when the words say the
 * system updates on a schedule or by itself ("i want that the server update alone every night").
 */
export function upgradeRule(c: Clause, ctx: Context): Reading | undefined {
  return upgradeOf(c, ctx, false);
}

/** Before the maintenance rule: upgrades from a channel or flake the words name. */
export function upgradeSourceRule(c: Clause, ctx: Context): Reading | undefined {
  return upgradeOf(c, ctx, true);
}

function upgradeOf(c: Clause, ctx: Context, sourced: boolean): Reading | undefined {
  if (sourced && !channelName(c.text) && !flakeRef(c.text)) return undefined;
  if (!has(c, UPGRADE) || has(c, /\b(?:firmware|fwupd|microcode|flake\.lock|lock ?file|inputs?|channels? list|packages? list|database|locate)\b/) || !ctx.index.option(['system', 'autoUpgrade', 'enable'])) return undefined;
  const channel = channelName(c.text);
  const flake = flakeRef(c.text);
  const when = schedule(c.text);
  if (!channel && !flake && !(when && (has(c, SUBJECT) || has(c, ITSELF))) && !(has(c, SUBJECT) && has(c, /\b(?:alone|by itself|on its own)\b/))) return undefined;
  const no = off(c) && !channel && !flake;
  if (no) return intent(c, 'nix', 'stop upgrading automatically', [bool('system.autoUpgrade.enable', false)]);
  const changes: Change[] = [bool('system.autoUpgrade.enable', true)];
  const notes: string[] = [];
  if (channel) changes.push(str('system.autoUpgrade.channel', `https://nixos.org/channels/${channel}`));
  if (flake) changes.push(str('system.autoUpgrade.flake', flake));
  const d = dates(ctx.index.option(['system', 'autoUpgrade', 'dates']), when);
  if (d) changes.push(str('system.autoUpgrade.dates', d));
  else if (when) notes.push(`Upgrades run every night by default (${ctx.index.option(['system', 'autoUpgrade', 'dates'])?.default ?? 'daily'}): no schedule to write.`);
  const from = channel ? ` from the ${channel} channel` : flake ? ` from the flake ${flake}` : '';
  return intent(c, 'nix', `upgrade the system automatically${from}${d ? ` (${d})` : ''}`, changes, 1, notes);
}

/** "i want that the system clean itself the old things every week": garbage collection on a schedule. */
export function cleanItselfRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:clean|cleans|cleaning|cleaned|purge|purges|tidy|tidies)\b/) || !has(c, /\b(?:old|itself|alone|automatically|store|generations?|unused)\b/) || has(c, /\b(?:docker|podman|containers?|images?|logs?|journal|tmp|cache|downloads?|browser)\b/)) return undefined;
  const when = schedule(c.text);
  if (!when || !ctx.index.option(['nix', 'gc', 'automatic'])) return undefined;
  const d = dates(ctx.index.option(['nix', 'gc', 'dates']), when);
  return intent(c, 'nix', `collect garbage automatically${d ? ` (${d})` : ''}`, [bool('nix.gc.automatic', !off(c)), ...(d && !off(c) ? [str('nix.gc.dates', d)] : [])]);
}

/** "enable docker and auto prune it daily": the container engine's own clean-up, on a schedule. */
export function pruneRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\b(?:auto[- ]?prune|prune|prunes|pruning|autoprune)\b/)) return undefined;
  const said = `${c.text} ${ctx.lastNamed ?? ''}`;
  const engine = ['docker', 'podman'].find((e) => new RegExp(`\\b${e}\\b`).test(c.text)) ?? ['docker', 'podman'].find((e) => new RegExp(`\\b${e}\\b`).test(said));
  if (!engine || !ctx.index.option(['virtualisation', engine, 'autoPrune', 'enable'])) return undefined;
  const no = off(c);
  // (a schedule only where the index has the option for it)
  const datesOption = ctx.index.option(['virtualisation', engine, 'autoPrune', 'dates']);
  const d = no || !datesOption ? undefined : dates(datesOption, schedule(c.text));
  return intent(c, 'virtualisation', `${no ? 'stop pruning' : 'prune'} unused ${engine} images and containers${d ? ` (${d})` : ' automatically'}`, [bool(`virtualisation.${engine}.autoPrune.enable`, !no), ...(d ? [str(`virtualisation.${engine}.autoPrune.dates`, d)] : [])]);
}

/** "zram with a quarter of my ram", "zram at 30%": compressed swap, as big as that share of memory. */
export function zramShareRule(c: Clause, ctx: Context): Reading | undefined {
  if (!has(c, /\bzram\b|\bcompressed (?:swap|ram|memory)\b/) || off(c)) return undefined;
  const share = percent(c.text);
  const o = ctx.index.option(['zramSwap', 'memoryPercent']);
  if (!share || !o) return undefined;
  const changes: Change[] = [bool('zramSwap.enable', true)];
  if (o.default !== String(share)) changes.push({ kind: 'set', path: ['zramSwap', 'memoryPercent'], value: { text: String(share) } });
  return intent(c, 'swap', `use compressed swap in RAM (zram), up to ${share}% of memory`, changes);
}

/**
 * "nix should use 8 cores per build", "let nix run 4 jobs at once": a count of a thing, set on the
 * whole-number option named for that thing ("cores", "max-jobs") under what the words name.
 */
export function countRule(c: Clause, ctx: Context): Reading | undefined {
  const m = /\b(\d{1,4})\s+(?:cpu\s+|parallel\s+|build\s+)?([a-z]+?)(?:e?s)?\b/.exec(c.text);
  if (!m || off(c)) return undefined;
  const thing = m[2]!;
  if (thing.length < 3 || /^(?:second|minute|hour|day|week|month|year|time|gb|mb|gib|mib|percent|am|pm|port)$/.test(thing)) return undefined;
  const words = c.text.split(/[^a-z0-9-]+/).filter((w) => w.length >= 3 && w !== m[2] && !/^\d+$/.test(w));
  const fits = (o: OptionInfo) => {
    const last = o.path[o.path.length - 1]!.toLowerCase().replace(/^max-?/, '');
    // The thing is the option's own name; another word of the clause is in its path ("nix").
    return /\binteger\b/.test(o.type.text) && (last === thing || last === `${thing}s` || last === `${thing}es`) && o.path.slice(0, -1).some((p) => words.includes(p.toLowerCase()));
  };
  const o = searchOptions(ctx.index, thing, 60).filter(fits).sort((a, b) => a.path.length - b.path.length)[0];
  if (!o) return undefined;
  return intent(c, 'nix', `set ${o.path.join('.')} = ${m[1]}`, [{ kind: 'set', path: [...o.path], value: { text: String(Number(m[1])) } }], 0.9, [`Found ${o.path.join('.')} by its name: ${o.description.split(/(?<=\.)\s/)[0]}`]);
}
