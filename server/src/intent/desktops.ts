// Turning a desktop off the way a careful NixOS expert would: the desktop goes, and so does what
// turning it on set (its login screen, the X server) when nothing left on uses it; with another
// desktop or window manager still on, what that one needs stays. Said either way. A desktop
// turned on in the same request ("turn off xfce and turn on cinnamon") counts as still on.
import type { NixosIndex } from '../knowledge/nixosIndex.js';
import { DM_PATHS, FEATURES, bool, type Feature } from './families.js';
import type { Change, Intent } from './model.js';
import type { Present } from './present.js';

const DM_NAMES: Record<string, string> = {
  [DM_PATHS.sddm]: 'the SDDM login screen',
  [DM_PATHS.gdm]: 'the GDM login screen',
  [DM_PATHS.lightdm]: 'the LightDM login screen',
};
const XSERVER = 'services.xserver.enable';
// Wayland compositors started without the X server.
const WAYLAND_ONLY = new Set(['programs.sway.enable', 'programs.hyprland.enable']);

/** What is left on besides `f`: other desktops and X window managers, as enable paths with their names. */
function othersOn(f: Feature, index: NixosIndex, present: Present): Array<{ path: string; name: string }> {
  const isOn = (p: string) => present.value(p) === 'true';
  const out = FEATURES.filter((o) => o.desktop && o.desktop !== f.desktop && isOn(o.desktop)).map((o) => ({ path: o.desktop!, name: o.name }));
  for (const c of index.children(['services', 'xserver', 'windowManager'])) {
    const p = `services.xserver.windowManager.${c.name}.enable`;
    if (c.name !== '<name>' && isOn(p)) out.push({ path: p, name: `the ${c.name} window manager` });
  }
  return out;
}

/** Changes that turning `f` off also makes because nothing else needs them; kept apart so the request can take them back. */
export interface DesktopCleanup {
  intent: Intent;
  changes: Change[];
  note: string;
}

/** Turning the desktop `f` off: its own option, then its login screen and the X server when nothing left uses them. */
export function desktopOff(f: Feature, index: NixosIndex, present: Present): { changes: Change[]; notes: string[]; cleanup: Omit<DesktopCleanup, 'intent'> | undefined } {
  const isOn = (p: string) => present.value(p) === 'true';
  const own = bool(f.desktop!, false);
  const others = othersOn(f, index, present);
  const dmsOn = Object.values(DM_PATHS).filter(isOn);
  if (others.length) {
    const kept = [...dmsOn.map((p) => DM_NAMES[p]!), ...(isOn(XSERVER) && (others.some((o) => !WAYLAND_ONLY.has(o.path)) || dmsOn.includes(DM_PATHS.lightdm)) ? ['the X server'] : [])];
    const notes = kept.length ? [`Keeping ${kept.join(' and ')}: ${others.map((o) => o.name).join(', ')} ${others.length > 1 ? 'are' : 'is'} still on.`] : [];
    return { changes: [own], notes, cleanup: undefined };
  }
  // Nothing left to greet into or to draw: each login screen that is on goes, and the X server.
  const goes = [...dmsOn, ...(isOn(XSERVER) ? [XSERVER] : [])];
  if (!goes.length) return { changes: [own], notes: [], cleanup: undefined };
  const names = goes.map((p) => `${DM_NAMES[p] ?? 'the X server'} (${p})`);
  const note = `Nothing else uses ${goes.length > 1 ? 'them' : 'it'} now: also turning off ${names.join(' and ')}.`;
  return { changes: [own, ...goes.map((p) => bool(p, false))], notes: [note], cleanup: { changes: goes.map((p) => bool(p, false)), note } };
}

// "turn off the desktop", "I don't need a graphical desktop anymore": no name, so the one that is on.
const ANY_DESKTOP = /^(?:(?:this|that|any|whole) )?(?:graphical |gui )?(?:desktop(?: environment)?|de|gui|graphical (?:interface|environment|session))$/;

/** The desktop that is on, for words that name a desktop without saying which. */
export function desktopOnFor(words: string, present: Present): Feature | undefined {
  if (!ANY_DESKTOP.test(words)) return undefined;
  return FEATURES.find((f) => f.desktop && present.value(f.desktop) === 'true');
}

const turnsOnDesktop = (i: Intent) =>
  i.changes.some((c) => c.kind === 'set' && c.value.text === 'true' && (FEATURES.some((f) => f.desktop === c.path.join('.')) || (c.path[1] === 'xserver' && c.path[2] === 'windowManager')));

/** After the whole request is read: a desktop turned on in it keeps what the one turned off would have taken along. */
export function settleDesktops(intents: Intent[], cleanups: DesktopCleanup[]): void {
  if (!cleanups.length || !intents.some(turnsOnDesktop)) return;
  for (const c of cleanups) {
    const drop = new Set(c.changes.map((ch) => ch.path.join('.')));
    c.intent.changes = c.intent.changes.filter((ch) => !drop.has(ch.path.join('.')));
    c.intent.notes = c.intent.notes.filter((n) => n !== c.note);
    c.intent.notes.push('Leaving the login screen and the X server to the desktop turned on in the same request.');
  }
}
