// Parts of a clause that change how it is read but name nothing to change: what it is for
// ("enable fail2ban to protect ssh", "turn on avahi so .local names work"), and pronouns for a
// user named before ("create a user emma and give her sudo"). Regular expressions read English.
import { everydayWord } from './safety.js';
import type { Clause } from './words.js';
import { ACTIVITY, FUNCTION_WORDS, PLAIN_WORDS } from './phrasing.js';

// "so ...", "in order to ...", "to protect ...", "for better ...": why, not what.
const PURPOSE =
  /\s+(?:so that|so|in order to|to (?:protect|secure|harden|keep|let|make|help|stop|prevent|save|speed|improve|support|share|sync|avoid|reduce|fix|get)|for (?:better|faster|more|less|security|safety|privacy|performance))\b.*$/;

const KIND = /^(?:the |an? )?([\w.+-]+) (?:(?:media|web|mail|dns|file|game|music|vpn|database|proxy|print|backup|sync|chat|git|streaming|ftp|time|ntp|http|sql)\s+)?(?:server|service|daemon)$/;

/**
 * The clause without its purpose, or undefined when it states none (or is nothing else).
 * With `named` (a sure name of a package, service or feature): "fail2ban for ssh", "enable
 * fail2ban for ssh" name one thing for another; the first is asked ("docker for alice", a
 * person after "for", is left whole).
 */
export function purposeless(c: Clause, named?: (words: string) => boolean, service?: (word: string) => boolean): Clause | undefined {
  // "for my laptop", "for our server": the person's own machine is what it is for, never a thing asked.
  const forThing = named && /^(?:the |an? )?([\w.+-]+(?: [\w.+-]+)?) for (?:the |an? )?([\w.+-]+(?: [\w.+-]+)?)$/.exec(c.rest);
  if (forThing && named(forThing[1]!) && named(forThing[2]!)) return { ...c, rest: forThing[1]!, text: c.text.slice(0, c.text.length - c.rest.length) + forThing[1]! };
  // "the jellyfin media server", "the syncthing service": a service's name and the kind of thing
  // it is ("the redis server" is no services.redis.enable: left whole).
  const kind = service && KIND.exec(c.rest);
  if (kind && service(kind[1]!)) return { ...c, rest: kind[1]!, text: c.text.slice(0, c.text.length - c.rest.length) + kind[1]! };
  if (!c.verb || !PURPOSE.test(c.rest)) return undefined;
  const rest = c.rest.replace(PURPOSE, '');
  if (!rest) return undefined;
  return { ...c, rest, text: PURPOSE.test(c.text) ? c.text.replace(PURPOSE, '') : c.text };
}

/** "her", "him", "them" as the user named before; "her shell" as that user's shell. */
export function withPronouns(c: Clause, user: string | undefined): Clause {
  if (!user) return c;
  // "she should be an admin", "he needs docker": the subject at the start too.
  const swap = (s: string) =>
    s
      .replace(/\b(?:his|her|their)\s+(?=(?:login\s+|default\s+)?shell\b)/g, `${user}'s `)
      .replace(/\b(?:him|her|them)\b/g, user)
      .replace(/^(?:she|he|they)(?:'s| is| are)?\s+(?=should|must|needs?|wants?|has|have|can|will|gets?|uses?|is|are|needs|in\b)/, `${user} `);
  const text = swap(c.text);
  return text === c.text ? c : { ...c, text, rest: swap(c.rest) };
}

// ------------------------------------------------------------------ asides

// "git is already there", "nginx is still running": how things are, said beside a request.
const ALREADY = /^(?:the |my |our )?([\w.+-]+(?: [\w.+-]+)?) (?:is|are) (?:already|still)(?: (?:there|here|installed|on|enabled|present|set up|in place|available|running|done|fine|ok|okay))?$/;
// "docker isn't installed yet": what another clause asks for, said not to be there yet.
const NOT_YET = /^(?:the |my |our )?([\w.+-]+(?: [\w.+-]+)?) (?:is|are) not(?: (?:installed|enabled|there|on|set up|running|available|here))? yet$/;
// "time is wrong", "the clock seems off": what is wrong, said as why.
const COMPLAINT = /^(?:the |my |our )?[\w.+-]+(?: [\w.+-]+)? (?:is|are|seems|seem|looks|look) (?:all )?(?:wrong|broken|incorrect|bad|not right|not correct|not working|weird|strange|messed up|(?:too |very )?slow)$/;
// "new to nixos", "i am new in linux": who is asking.
const NEWCOMER = /^(?:i am |we are |am |are )?(?:very |quite |totally |completely |pretty )?(?:new|a beginner|beginner|a newbie|newbie|a noob|noob)(?: (?:to|in|with|at|on) (?:the )?(?:nixos|linux|nix|unix|computers|this|programming|it))?$/;

// "carol go out from the company", "bob left the team": someone leaving, said as why.
const LEAVES = /^([a-z_][\w-]*) (?:go(?:es)? out|went out|goes away|leaves|left|quits|quit|is leaving|has left) (?:from |of )?(?:the |our |my |her |his |their )?(?:company|team|job|firm|office|group|project|school|family|house)$/;

/** The person a "X left the company" aside names, for "her"/"his" after it. */
export function leaver(c: Clause): string | undefined {
  return LEAVES.exec(c.text)?.[1];
}

/**
 * "the wifi is slow", "alice left the team": what is wrong, or who left, names a thing ("team" is
 * a typo away from steam) but asks for nothing; read as why before any rule.
 */
export function isComplaint(c: Clause): boolean {
  // (someone leaving is read by the users' rules first: it offers deleting the account)
  return !c.verb && !c.negated && COMPLAINT.test(c.text);
}

/**
 * A clause not understood that asks nothing: a state ("git is already there"), a complaint
 * ("time is wrong"), who is asking ("new to nixos"), what the person wants to do ("want to play
 * some games"). Never one that names something the index knows as what to do: that is "not
 * understood", so a request is never hidden as an aside ("want to play games with steam").
 */
export function isAside(c: Clause, whole: string, names: (word: string) => readonly string[]): boolean {
  const t = c.text;
  if (ALREADY.test(t) || COMPLAINT.test(t) || NEWCOMER.test(t) || LEAVES.test(t)) return true;
  // Said elsewhere in the request: what the aside names is asked for (or not) by another clause.
  const elsewhere = (thing: string) => new RegExp(`\\b${thing.replace(/[.+*?()[\]]/g, '\\$&')}\\b`).test(whole.replace(t, ''));
  const notYet = NOT_YET.exec(t)?.[1];
  // Only beside a clause naming the same thing: alone, "docker isn't installed yet" may ask for it.
  if (notYet) return elsewhere(notYet);
  // "want to play some games" beside "install steam": "games" names Steam, which is asked; a
  // name not asked elsewhere ("want to play games with lutris") keeps the clause a request. An
  // everyday word ("play music") names nothing, as everywhere else (safety.ts).
  const activity = new RegExp(`^(?:want to |wanna |to |for )?(?:${ACTIVITY})(?:ing)?\\b(.*)$`).exec(t);
  if (!activity) return false;
  const named = activity[1]!.split(/\s+/).filter((w) => w.length >= 3 && !FUNCTION_WORDS.has(w) && !PLAIN_WORDS.has(w) && !everydayWord(w)).map(names);
  return named.every((things) => things.length === 0 || things.some(elsewhere));
}

/**
 * A clause not understood, with "it" for the thing named before ("whats my hostname? change it to
 * nas", "enable docker, and alice use it") and "X's Y" as "X Y" ("pipewire's jack support"):
 * the words to read again, or undefined when there is nothing to change.
 */
export function withReferent(c: Clause, named: string | undefined): Clause | undefined {
  const thing = named
    ?.replace(/^(?:whats|what is|what's|where is|which is|how is|is|are)\s+/, '')
    .replace(/^(?:the|my|our|this|a|an)\s+/, '')
    .trim();
  const swap = (s: string) => (thing && !/\b(?:it|that|this)\b/.test(thing) ? s.replace(/\b(?:it|that)\b(?! is\b)/, thing) : s).replace(/\b([a-z][\w.+-]*)'s\b/, '$1');
  const text = swap(c.text);
  return text === c.text ? undefined : { ...c, text, rest: swap(c.rest) };
}

/**
 * "enable the firewall and allow ping": a clause read only by a search may name a part of what
 * the clause before named; the clause asked of that ("ping for firewall"), and with its verb for
 * a switch named by it ("allow ping": allowPing), for the rule that finds an option below its owner.
 */
export function ofNamedBefore(c: Clause, named: string | undefined): Clause[] {
  const owner = named?.replace(/^(?:the|my|our|this)\s+/, '').trim();
  if (!c.verb || !owner || owner.split(' ').length > 2 || / (?:for|of|on|in) /.test(c.text) || !c.rest) return [];
  // ("disallow ping", "deny ping": the switch is allowPing, turned off by the clause's verb.)
  const spoken = c.text.endsWith(c.rest) ? c.text.replace(/^(?:disallow|deny|forbid|block)\b/, 'allow') : undefined;
  return [c.rest, ...(spoken && spoken !== c.rest ? [spoken] : [])].map((r) => ({ ...c, rest: `${r} for ${owner}`, text: `${c.text} for ${owner}` }));
}
