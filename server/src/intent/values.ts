// Values in plain words: time zones (checked against the IANA names shipped in data/), locales,
// keyboard layouts, host names, ports and ranges, and schedules as systemd calendar events.
import zones from './data/timezones.json';

const ZONES: readonly string[] = zones as string[];
const zoneByKey = new Map<string, string>();
for (const z of ZONES) {
  zoneByKey.set(z.toLowerCase(), z);
  const city = z.split('/').pop()!.toLowerCase();
  // The first zone of a city name wins (America/... before the legacy aliases, which sort later).
  if (!zoneByKey.has(city)) zoneByKey.set(city, z);
  const spaced = city.replace(/_/g, ' ');
  if (!zoneByKey.has(spaced)) zoneByKey.set(spaced, z);
}
// What people say instead of a zone name.
const ZONE_WORDS: Record<string, string> = {
  utc: 'UTC',
  gmt: 'Etc/GMT',
  'new york': 'America/New_York',
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  'los angeles': 'America/Los_Angeles',
  california: 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  eastern: 'America/New_York',
  central: 'America/Chicago',
  mountain: 'America/Denver',
  boston: 'America/New_York',
  washington: 'America/New_York',
  munich: 'Europe/Berlin',
  hamburg: 'Europe/Berlin',
  germany: 'Europe/Berlin',
  france: 'Europe/Paris',
  netherlands: 'Europe/Amsterdam',
  spain: 'Europe/Madrid',
  italy: 'Europe/Rome',
  japan: 'Asia/Tokyo',
  uk: 'Europe/London',
  england: 'Europe/London',
  india: 'Asia/Kolkata',
  mumbai: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  beijing: 'Asia/Shanghai',
  china: 'Asia/Shanghai',
  sydney: 'Australia/Sydney',
  'sao paulo': 'America/Sao_Paulo',
  brazil: 'America/Sao_Paulo',
  montreal: 'America/Toronto',
  switzerland: 'Europe/Zurich',
  austria: 'Europe/Vienna',
  sweden: 'Europe/Stockholm',
  norway: 'Europe/Oslo',
  poland: 'Europe/Warsaw',
  finland: 'Europe/Helsinki',
  ireland: 'Europe/Dublin',
  portugal: 'Europe/Lisbon',
  kyiv: 'Europe/Kyiv',
  kiev: 'Europe/Kyiv',
};

/** The IANA zone for a zone name, a city or a country people name; undefined when none. */
export function timeZone(words: string): string | undefined {
  const w = words.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!w) return undefined;
  return ZONE_WORDS[w] ?? zoneByKey.get(w) ?? zoneByKey.get(w.replace(/ /g, '_'));
}

export function isTimeZone(name: string): boolean {
  return zoneByKey.get(name.toLowerCase()) === name;
}

export function timeZoneNames(): readonly string[] {
  return ZONES;
}

// Language (or country) -> locale. A locale written out (`de_DE.UTF-8`, `en_gb`) is taken as is.
const LOCALES: Record<string, string> = {
  english: 'en_US.UTF-8',
  american: 'en_US.UTF-8',
  'us english': 'en_US.UTF-8',
  'british english': 'en_GB.UTF-8',
  british: 'en_GB.UTF-8',
  'uk english': 'en_GB.UTF-8',
  german: 'de_DE.UTF-8',
  deutsch: 'de_DE.UTF-8',
  french: 'fr_FR.UTF-8',
  spanish: 'es_ES.UTF-8',
  italian: 'it_IT.UTF-8',
  dutch: 'nl_NL.UTF-8',
  portuguese: 'pt_PT.UTF-8',
  brazilian: 'pt_BR.UTF-8',
  'brazilian portuguese': 'pt_BR.UTF-8',
  swedish: 'sv_SE.UTF-8',
  norwegian: 'nb_NO.UTF-8',
  danish: 'da_DK.UTF-8',
  finnish: 'fi_FI.UTF-8',
  polish: 'pl_PL.UTF-8',
  russian: 'ru_RU.UTF-8',
  ukrainian: 'uk_UA.UTF-8',
  japanese: 'ja_JP.UTF-8',
  chinese: 'zh_CN.UTF-8',
  korean: 'ko_KR.UTF-8',
  turkish: 'tr_TR.UTF-8',
  greek: 'el_GR.UTF-8',
  czech: 'cs_CZ.UTF-8',
};

/** `de_DE.UTF-8` for "german", "de_DE", "de_de.utf8"; undefined when not a locale. */
export function locale(words: string): string | undefined {
  const w = words.trim().toLowerCase();
  if (LOCALES[w]) return LOCALES[w];
  // "english uk", "english (uk)": the same two words the other way round.
  const two = w.replace(/[()]/g, '').split(/\s+/);
  if (two.length === 2 && LOCALES[`${two[1]} ${two[0]}`]) return LOCALES[`${two[1]} ${two[0]}`];
  const m = /^([a-z]{2,3})_([a-z]{2})(?:\.(utf-?8))?$/.exec(w);
  if (m) return `${m[1]}_${m[2]!.toUpperCase()}.UTF-8`;
  return undefined;
}

// Keyboard layout words -> xkb layout and variant.
const LAYOUTS: Record<string, { layout: string; variant?: string }> = {
  us: { layout: 'us' },
  american: { layout: 'us' },
  english: { layout: 'us' },
  uk: { layout: 'gb' },
  gb: { layout: 'gb' },
  british: { layout: 'gb' },
  german: { layout: 'de' },
  de: { layout: 'de' },
  french: { layout: 'fr' },
  fr: { layout: 'fr' },
  azerty: { layout: 'fr' },
  qwertz: { layout: 'de' },
  spanish: { layout: 'es' },
  es: { layout: 'es' },
  italian: { layout: 'it' },
  swiss: { layout: 'ch' },
  'swiss german': { layout: 'ch' },
  'swiss french': { layout: 'ch', variant: 'fr' },
  dutch: { layout: 'nl' },
  swedish: { layout: 'se' },
  norwegian: { layout: 'no' },
  danish: { layout: 'dk' },
  finnish: { layout: 'fi' },
  polish: { layout: 'pl' },
  portuguese: { layout: 'pt' },
  brazilian: { layout: 'br' },
  russian: { layout: 'ru' },
  japanese: { layout: 'jp' },
  dvorak: { layout: 'us', variant: 'dvorak' },
  colemak: { layout: 'us', variant: 'colemak' },
  'us international': { layout: 'us', variant: 'intl' },
  international: { layout: 'us', variant: 'intl' },
  belgian: { layout: 'be' },
  czech: { layout: 'cz' },
  slovak: { layout: 'sk' },
  hungarian: { layout: 'hu' },
  romanian: { layout: 'ro' },
  bulgarian: { layout: 'bg' },
  croatian: { layout: 'hr' },
  slovenian: { layout: 'si' },
  serbian: { layout: 'rs' },
  greek: { layout: 'gr' },
  turkish: { layout: 'tr' },
  ukrainian: { layout: 'ua' },
  estonian: { layout: 'ee' },
  latvian: { layout: 'lv' },
  lithuanian: { layout: 'lt' },
  icelandic: { layout: 'is' },
  irish: { layout: 'ie' },
  canadian: { layout: 'ca' },
  'canadian french': { layout: 'ca', variant: 'fr' },
  'latin american': { layout: 'latam' },
  korean: { layout: 'kr' },
  hebrew: { layout: 'il' },
  arabic: { layout: 'ara' },
  thai: { layout: 'th' },
  'brazilian portuguese': { layout: 'br' },
};

// The XKB codes themselves ("de", "be", "latam") are layouts too.
const CODES = new Set(Object.values(LAYOUTS).filter((l) => !l.variant).map((l) => l.layout));

export function keyboardLayout(words: string): { layout: string; variant?: string } | undefined {
  const w = words.trim().toLowerCase();
  return LAYOUTS[w] ?? (CODES.has(w) ? { layout: w } : undefined);
}

/** A host name NixOS accepts: one RFC 1123 label (letters, digits, hyphens; no dot). */
export function isHostName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name);
}

/** Well-known services -> port and protocol, for "open the firewall for http". */
export const SERVICE_PORTS: Record<string, { ports: number[]; udp?: boolean; tcp?: boolean }> = {
  http: { ports: [80] },
  https: { ports: [443] },
  web: { ports: [80, 443] },
  'web server': { ports: [80, 443] },
  ssh: { ports: [22] },
  dns: { ports: [53], udp: true, tcp: true },
  smtp: { ports: [25] },
  imap: { ports: [143] },
  imaps: { ports: [993] },
  mqtt: { ports: [1883] },
  minecraft: { ports: [25565] },
  postgres: { ports: [5432] },
  postgresql: { ports: [5432] },
  mysql: { ports: [3306] },
  samba: { ports: [445, 139] },
  wireguard: { ports: [51820], udp: true },
  syncthing: { ports: [22000] },
  mdns: { ports: [5353], udp: true },
};

export type PortSpec = { port: number } | { from: number; to: number };

/** Ports and ranges in words: "80", "8000-8100", "8000 to 8100", "80, 443 and 8080". */
export function ports(words: string): PortSpec[] {
  const out: PortSpec[] = [];
  const re = /(\d{1,5})(?:\s*(?:-|–|to|through|until)\s*(\d{1,5}))?/g;
  for (let m = re.exec(words); m; m = re.exec(words)) {
    const a = Number(m[1]);
    if (a > 65535) continue;
    if (m[2] !== undefined) {
      const b = Number(m[2]);
      if (b <= 65535 && b > a) out.push({ from: a, to: b });
      else if (b === a) out.push({ port: a });
    } else out.push({ port: a });
  }
  return out;
}

const DAYS: Record<string, string> = {
  monday: 'Mon',
  tuesday: 'Tue',
  wednesday: 'Wed',
  thursday: 'Thu',
  friday: 'Fri',
  saturday: 'Sat',
  sunday: 'Sun',
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/**
 * A schedule in words as a systemd calendar event: "weekly" -> `weekly`, "every day at 3" ->
 * `*-*-* 03:00:00`, "sundays at 4am" -> `Sun *-*-* 04:00:00`. Undefined when no schedule is named.
 */
export function schedule(words: string): string | undefined {
  const w = words.toLowerCase();
  const time = /\bat\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?|\b(\d{1,2}):(\d{2})\b|\b(\d{1,2})\s*(am|pm)\b|\b(midnight|noon)\b/.exec(w);
  let hhmm: string | undefined;
  if (time) {
    let h: number;
    let min = 0;
    if (time[8]) h = time[8] === 'noon' ? 12 : 0;
    else if (time[1] !== undefined) {
      h = Number(time[1]);
      min = Number(time[2] ?? 0);
      if (time[3]?.startsWith('p') && h < 12) h += 12;
      if (time[3]?.startsWith('a') && h === 12) h = 0;
    } else if (time[4] !== undefined) {
      h = Number(time[4]);
      min = Number(time[5]);
    } else {
      h = Number(time[6]);
      if (time[7] === 'pm' && h < 12) h += 12;
      if (time[7] === 'am' && h === 12) h = 0;
    }
    if (h < 24 && min < 60) hhmm = `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:00`;
  }
  const day = Object.keys(DAYS).find((d) => new RegExp(`\\b${d}s?\\b`).test(w));
  if (day) return `${DAYS[day]} *-*-* ${hhmm ?? '00:00:00'}`;
  if (/\b(weekly|every week|once a week|each week)\b/.test(w)) return hhmm ? `Mon *-*-* ${hhmm}` : 'weekly';
  if (/\b(monthly|every month|once a month|each month)\b/.test(w)) return hhmm ? `*-*-01 ${hhmm}` : 'monthly';
  if (/\b(hourly|every hour)\b/.test(w)) return 'hourly';
  if (/\b(daily|every day|each day|every night|nightly|once a day|every morning)\b/.test(w) || hhmm) return hhmm ? `*-*-* ${hhmm}` : 'daily';
  return undefined;
}

/** "older than 30 days", "keep 2 weeks" -> `30d` / `14d`. */
export function age(words: string): string | undefined {
  const m = /(\d+|an?|one)\s*(days?|d|weeks?|w|months?)\b/.exec(words.toLowerCase().replace(/\bfortnight\b/, '2 weeks'));
  if (!m) return undefined;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
  const unit = m[2]!;
  if (unit.startsWith('w')) return `${n * 7}d`;
  if (unit.startsWith('m')) return `${n * 30}d`;
  return `${n}d`;
}

/** "8GB", "8 gigs", "512 MB" -> size in MiB (what swapDevices.*.size takes). */
export function sizeMiB(words: string): number | undefined {
  // ("2 giga", "2 gigas": the unit said short, as in several languages)
  const m = /(\d+(?:\.\d+)?)\s*(gib|gb|g|gigs?|gigas?|gigabytes?|mib|mb|m|megs?|megas?|megabytes?)\b/.exec(words.toLowerCase());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2]!.startsWith('g') ? Math.round(n * 1024) : Math.round(n);
}

/** IPv4 addresses in the words, each with its `/prefix` when one is written ("10.0.0.5/16"). */
export function ipv4s(words: string): Array<{ address: string; prefix?: number }> {
  const out: Array<{ address: string; prefix?: number }> = [];
  for (const m of words.matchAll(/(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:\s*\/\s*(\d{1,2}))?(?![\w.])/g)) {
    if (!m[1]!.split('.').every((n) => Number(n) < 256)) continue;
    const prefix = m[2] !== undefined && Number(m[2]) <= 32 ? Number(m[2]) : undefined;
    out.push(prefix === undefined ? { address: m[1]! } : { address: m[1]!, prefix });
  }
  return out;
}

/**
 * A network interface named in the words: a kernel name as Linux gives them ("eth0", "enp3s0",
 * "wlan0", "wlp2s0", "docker0", "tailscale0", "wg0", "br0"). Undefined when none is.
 */
export function interfaceName(words: string): string | undefined {
  return /(?<![\w.-])((?:eth|enp|ens|eno|enx|wlan|wlp|wlo|wwan|br|bond|vlan|docker|tailscale|wg|tun|tap|virbr|veth|zt|lxcbr|podman|incusbr|lxdbr)[a-z0-9]*\d[a-z0-9]*)(?![\w-])/.exec(words)?.[1];
}

/** An absolute path in the words ("/boot/efi", "/swapfile", "/etc/nixos#laptop" stops at `#`). */
export function absolutePath(words: string): string | undefined {
  return /(?:^|\s)(\/[\w.+\-/]*[\w.+-]|\/)(?=$|[\s,;#])/.exec(words)?.[1];
}

/** A DNS name of two labels or more ("home.lan", "example.com"); not an IP address, a path or a version. */
export function domainName(words: string): string | undefined {
  for (const m of words.matchAll(/(?<![\w./-])([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?![\w/-])/g)) {
    const labels = m[1]!.split('.');
    if (labels.every((l) => /^\d+$/.test(l)) || /^\d/.test(labels[labels.length - 1]!)) continue;
    return m[1]!;
  }
  return undefined;
}

// Shares said in words, as a percentage.
const SHARES: Record<string, number> = { half: 50, third: 33, quarter: 25, fourth: 25, fifth: 20, tenth: 10, 'three quarters': 75, 'two thirds': 67 };

/** "a quarter of my ram" -> 25, "half" -> 50, "30%", "30 percent" -> 30; undefined when no share is said. */
export function percent(words: string): number | undefined {
  const w = words.toLowerCase();
  const n = /\b(\d{1,3})\s*(?:%|percent\b|per cent\b|pct\b)/.exec(w);
  if (n && Number(n[1]) > 0 && Number(n[1]) <= 100) return Number(n[1]);
  const share = Object.keys(SHARES).sort((a, b) => b.length - a.length).find((k) => new RegExp(`\\b(?:a|an|one|of|the)?\\s*${k}s?\\b`).test(w));
  return share ? SHARES[share] : undefined;
}

/** "nixos-24.05", "nixos-unstable", "nixpkgs-unstable": a channel name; undefined when none. */
export function channelName(words: string): string | undefined {
  return /(?<![\w/-])((?:nixos|nixpkgs)-(?:\d{2}\.\d{2}(?:-small)?|unstable(?:-small)?))(?![\w-])/.exec(words)?.[1];
}

/** A flake reference with an attribute ("/etc/nixos#laptop", "github:me/dots#host", "path:/x"). */
export function flakeRef(words: string): string | undefined {
  return /(?:^|\s)((?:\/|\.\/|~\/|(?:github|gitlab|sourcehut|git\+https|git\+ssh|https|path|git):)\S*?#[\w.-]+|(?:github|gitlab|sourcehut):[\w.-]+\/[\w.-]+(?:\/\S+)?)(?=$|\s|,)/.exec(words)?.[1];
}

/** A Nix string literal. */
export function nixString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '\\${');
}
