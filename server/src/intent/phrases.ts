// Parts of a clause that change how it is read but name nothing to change: what it is for
// ("enable fail2ban to protect ssh", "turn on avahi so .local names work"), and pronouns for a
// user named before ("create a user emma and give her sudo"). Regular expressions read English.
import type { Clause } from './words.js';

// "so ...", "in order to ...", "to protect ...", "for better ...": why, not what.
const PURPOSE =
  /\s+(?:so that|so|in order to|to (?:protect|secure|harden|keep|let|make|help|stop|prevent|save|speed|improve|support|share|sync|avoid|reduce|fix|get)|for (?:better|faster|more|less|security|safety|privacy|performance))\b.*$/;

/** The clause without its purpose, or undefined when it states none (or is nothing else). */
export function purposeless(c: Clause): Clause | undefined {
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
