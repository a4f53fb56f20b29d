// Commands of other systems, typed from habit by people new to NixOS: "sudo apt install vlc",
// "usermod -aG docker alice", "ufw allow 8443/tcp", "systemctl enable --now sshd". Each is
// read as what it asks of the machine, said in the words the reader understands ("install
// vlc", "add alice to the docker group"), and the answer says what the command means on
// NixOS. Also the shorthand people write in notes: "8080/udp", "user: eve", "carol += wheel",
// "htop ❌". Flags are read as flags, never as words ("-aG" is no "age", "-S" no package "R").
import type { Understanding } from './model.js';

/** One part of the request: the plain words it became, or (nothing to change in a configuration) only what it means. */
export interface CommandPart {
  /** As written (after `sudo`/`doas`), or the request's own words when it is no command. */
  written: string;
  /** What the reader is given; undefined when the command changes nothing in a configuration. */
  words?: string;
  /** What the command means on NixOS; none for words that were no command. */
  note?: string;
}

// Commands whose first word alone says what they are (never an English word people start a request with).
const PACKAGE_TOOLS: Record<string, { install: string[]; remove: string[]; name: string }> = {
  apt: { install: ['install'], remove: ['remove', 'purge', 'autoremove'], name: 'apt' },
  'apt-get': { install: ['install'], remove: ['remove', 'purge', 'autoremove'], name: 'apt-get' },
  aptitude: { install: ['install'], remove: ['remove', 'purge'], name: 'aptitude' },
  nala: { install: ['install'], remove: ['remove', 'purge'], name: 'nala' },
  dnf: { install: ['install', 'in'], remove: ['remove', 'erase', 'rm'], name: 'dnf' },
  yum: { install: ['install'], remove: ['remove', 'erase'], name: 'yum' },
  zypper: { install: ['install', 'in'], remove: ['remove', 'rm'], name: 'zypper' },
  apk: { install: ['add'], remove: ['del'], name: 'apk' },
  pkg: { install: ['install'], remove: ['delete', 'remove'], name: 'pkg' },
  snap: { install: ['install'], remove: ['remove'], name: 'snap' },
  brew: { install: ['install'], remove: ['uninstall', 'remove', 'rm'], name: 'Homebrew' },
  port: { install: ['install'], remove: ['uninstall'], name: 'MacPorts' },
  choco: { install: ['install'], remove: ['uninstall'], name: 'Chocolatey' },
  scoop: { install: ['install'], remove: ['uninstall'], name: 'Scoop' },
  winget: { install: ['install'], remove: ['uninstall'], name: 'winget' },
  pamac: { install: ['install'], remove: ['remove'], name: 'pamac' },
  'xbps-install': { install: [''], remove: [], name: 'xbps-install' },
  'xbps-remove': { install: [], remove: [''], name: 'xbps-remove' },
};
const PACMAN = new Set(['pacman', 'yay', 'paru']);
const COMMAND_NAMES = new Set([
  ...Object.keys(PACKAGE_TOOLS), ...PACMAN, 'nix-env', 'nix', 'useradd', 'adduser', 'userdel', 'deluser', 'usermod', 'gpasswd', 'groupadd',
  'groupdel', 'chsh', 'passwd', 'ufw', 'firewall-cmd', 'iptables', 'systemctl', 'service', 'localectl', 'setxkbmap', 'loadkeys',
  'timedatectl', 'hostnamectl', 'nixos-rebuild', 'nix-collect-garbage', 'nix-channel',
]);

// Options that take a value, per command: their value is no positional argument.
const VALUED: Record<string, string> = {
  useradd: 'sgcdueGkKp', adduser: '', usermod: 'sgcdueGlL', chsh: 's', gpasswd: 'adM', groupadd: 'gK', userdel: '', iptables: 'AIDptjsdio',
};

const PACKAGES_NOTE = (tool: string) => `On NixOS, software is installed by listing it in environment.systemPackages in the configuration, not with ${tool}: the next switch builds it, and it stays until it is taken out of the list.`;
const NIX_ENV_NOTE = (cmd: string) => `${cmd} installs into one user's profile, outside the configuration; listing it in environment.systemPackages keeps it in the configuration, for every user.`;
const USERS_NOTE = (cmd: string) => `On NixOS, users and groups are declared in the configuration (users.users, users.groups), not changed with ${cmd}: a change made by hand is undone at the next switch where the configuration says otherwise.`;
const FIREWALL_NOTE = (cmd: string) => `On NixOS, the firewall is the configuration's networking.firewall, not ${cmd}: every port not listed in allowedTCPPorts/allowedUDPPorts is closed, so allowing a port adds it to a list and denying one takes it out.`;
const SERVICE_NOTE = 'On NixOS, a service is turned on or off in the configuration (its enable option), not with systemctl: what systemctl enables by hand is undone at the next switch; the switch starts and stops it.';
const SETTING_NOTE = (cmd: string, option: string) => `On NixOS, ${cmd} cannot change this for good: it is ${option} in the configuration.`;

/**
 * The request read as commands, each as plain words; undefined when it holds no command and no
 * shorthand (the reader then reads it as it is).
 */
export function commandParts(text: string): CommandPart[] | undefined {
  const marked = emoji(text);
  const segments = marked.split(/\s*(?:&&|\|\||;|\n)\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  const parts = segments.flatMap((s) => splitBeforeCommands(s)).map((s) => {
    // "# install firefox", "# TODO: use plasma instead of xfce": a request typed as a comment is the request.
    const bare = s.replace(COMMENTED, '').trim() || s;
    return commandOf(s) ?? commandOf(bare.replace(ASKED, '')) ?? shorthand(bare) ?? { written: s, words: bare };
  });
  if (marked === text && parts.every((p) => p.words === p.written && p.note === undefined)) return undefined;
  return parts;
}

const COMMENTED = /^\s*(?:#+|\/\/)\s*(?:(?:todo|fixme|note)\b\s*:?\s*)?|^\s*(?:todo|fixme)\s*:\s*/i;

// A question around a command: "how do I apt install vlc", "what's the nixos equivalent of: sudo apt install vlc".
const ASKED = /^\s*(?:(?:so|ok|hi|hey)[,\s]+)?(?:how (?:do|can|should|would) (?:i|we|you)(?: do| run)?|what(?:'s| is) the (?:nixos )?(?:equivalent|way|version) (?:of|to do|for)|(?:the )?nixos (?:equivalent|way|version) (?:of|for)|(?:on|in) nixos,? (?:how (?:do|can) (?:i|we)(?: do)?|what is)|(?:normally |usually )?(?:i(?:'d| would)?|we(?:'d| would)?) (?:normally |usually )?(?:run|type|do))\s*:?\s*/i;

/** "sudo apt install vlc and sudo systemctl enable sshd": a command after "and", "then" or a comma starts a part. */
function splitBeforeCommands(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  const re = /\s*(?:,|\band then\b|\bthen\b|\band\b)\s+(?=(?:sudo\s+|doas\s+)?([\w-]+)\s)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (!COMMAND_NAMES.has(m[1]!) || !commandOf(s.slice(m.index + m[0].length))) continue;
    out.push(s.slice(from, m.index));
    from = m.index + m[0].length;
  }
  out.push(s.slice(from));
  return out.map((x) => x.trim()).filter(Boolean);
}

/** Emoji people use as words: a tick asks for it, a cross takes it away; a praying hand is "please". */
function emoji(text: string): string {
  if (!/\p{Extended_Pictographic}|[✅✔☑❌✖]/u.test(text)) return text;
  return text
    .replace(/(\S+)\s*(?:✅|✔️?|☑️?|👍)(?=\s|$|,)/gu, ', install $1 ,')
    .replace(/(\S+)\s*(?:❌|✖️?|🚫|👎|🗑️?)(?=\s|$|,)/gu, ', remove $1 ,')
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, ' ')
    .replace(/^[\s,]+|[\s,]+$/g, '')
    .replace(/\s*,\s*(?:,\s*)*/g, ' , ');
}

/** Notation from files and chats: "8080/udp", "8000-8100 tcp", "user: eve", "carol += wheel", "+= htop". */
function shorthand(s: string): CommandPart | undefined {
  const t = s.trim();
  if (/^(?:(?:tcp|udp)\s+)?\d{1,5}(?:\s*[-:]\s*\d{1,5})?(?:\s*\/\s*(?:tcp|udp)|\s+(?:tcp|udp))$/i.test(t) || /^(?:tcp|udp)\s+\d{1,5}(?:\s*-\s*\d{1,5})?$/i.test(t)) {
    return { written: s, words: `open port ${t.replace(/(\d)\s*:\s*(\d)/, '$1-$2')}` };
  }
  let m = /^(?:new\s+)?(user|group)\s*:\s*([a-z_][a-z0-9_-]*)$/i.exec(t);
  if (m) return { written: s, words: `create ${m[1]!.toLowerCase()} ${m[2]}` };
  // "dana → fish": a shell after an arrow is that person's login shell (not "remove dana, install fish").
  m = /^([a-z_][a-z0-9_-]*)\s*(?:->|-->|=>|→)\s*(bash|zsh|fish|nushell|xonsh|dash|ksh|tcsh|elvish)$/i.exec(t);
  if (m && !SHELLS.has(m[1]!.toLowerCase())) return { written: s, words: `set ${m[1]}'s shell to ${m[2]!.toLowerCase()}` };
  m = /^([\w.-]*)\s*([+-])=\s*(.+)$/.exec(t);
  if (m) {
    const [, who, sign, what] = m;
    const items = what!.replace(/^\[\s*|\s*\]$/g, '').split(/[\s,]+/).filter(Boolean).map((x) => x.replace(/^pkgs\./, '')).join(' ');
    const add = sign === '+';
    if (!who || /^(?:pkgs|packages?|(?:environment\.)?systempackages)$/i.test(who)) return { written: s, words: `${add ? 'install' : 'remove'} ${items}` };
    const groups = items.split(' ');
    return { written: s, words: groups.map((g) => (add ? `add ${who} to the ${g} group` : `remove ${who} from the ${g} group`)).join(' , ') };
  }
  return undefined;
}

const SHELLS = new Set(['bash', 'zsh', 'fish', 'nushell', 'xonsh', 'dash', 'ksh', 'tcsh', 'elvish', 'sh']);

/** Words of a command line: `$(which fish)` is fish, quotes go, `sudo`/`doas` (and their flags) go. */
function words(s: string): string[] {
  const t = s
    .replace(/^\s*[$#>]\s+(?=\S)/, '')
    .replace(/(?:[\s,]+(?:please|pls|plz|thanks|thank you|thx|on nixos|in nixos|for me)\b|\s*[?!.]+)+\s*$/i, '')
    .replace(/\$\(\s*(?:which|command -v|type -p)\s+([\w.+-]+)\s*\)|`\s*(?:which|command -v)\s+([\w.+-]+)\s*`/g, (_m, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(/["']/g, '');
  const ws = t.split(/\s+/).filter(Boolean);
  while (ws[0] === 'sudo' || ws[0] === 'doas') {
    ws.shift();
    while (ws[0]?.startsWith('-')) ws.shift();
  }
  return ws;
}

/** Flags and positional words: `-aG docker` is flags a and G (G = docker); `--now`, `--add-port=80/tcp`. */
function parseArgs(args: string[], valued: string): { flags: Map<string, string>; positional: string[] } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else flags.set(a.slice(2), '');
    } else if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      const letters = a.slice(1);
      for (let j = 0; j < letters.length; j++) {
        const f = letters[j]!;
        // A flag that takes a value takes the rest of the word, or the next word.
        if (valued.includes(f)) {
          const value = letters.slice(j + 1) || args[++k] || '';
          flags.set(f, value);
          break;
        }
        flags.set(f, '');
      }
    } else positional.push(a);
  }
  return { flags, positional };
}

// Names other distributions give what nixpkgs calls otherwise (meta-packages, Debian's docker.io).
const OTHER_NAMES: Record<string, string> = {
  'build-essential': 'gcc gnumake', 'base-devel': 'gcc gnumake', 'docker.io': 'docker', 'docker-ce': 'docker', 'g++': 'gcc', 'gcc-c++': 'gcc',
  'fonts-noto': 'noto-fonts', 'google-noto-fonts': 'noto-fonts', 'default-jdk': 'jdk', 'pkgconf': 'pkg-config',
};

/** A package as the other tool names it: `nixos.firefox`, `nixpkgs#ripgrep`, `vlc=3.0`, `vlc:amd64`, `openjdk-17-jdk` -> the nixpkgs name. */
function packageName(w: string): string {
  const name = w
    .replace(/^.*#/, '')
    .replace(/^(?:nixos|nixpkgs|legacyPackages\.[\w-]+|pkgs)\./, '')
    .replace(/[=@].*$|:(?:amd64|i386|arm64|all)$/, '');
  const jdk = /^(?:openjdk-(\d+)-jdk(?:-headless)?|java-(\d+)-openjdk(?:-devel)?|jdk(\d+)-openjdk)$/.exec(name);
  return OTHER_NAMES[name] ?? (jdk ? `jdk${jdk[1] ?? jdk[2] ?? jdk[3]}` : name);
}

/** A shell as written: `/run/current-system/sw/bin/bash`, `/usr/bin/zsh`, `fish` -> its name. */
const shellName = (w: string) => w.replace(/^.*\//, '');

function commandOf(s: string): CommandPart | undefined {
  const ws = words(s);
  const [cmd, ...args] = ws;
  if (!cmd || !COMMAND_NAMES.has(cmd)) return undefined;
  const written = ws.join(' ');
  const part = (w: string | undefined, note: string): CommandPart => ({ written, words: w, note });
  const tool = PACKAGE_TOOLS[cmd];
  if (tool) {
    const { positional } = parseArgs(args, '');
    const sub = tool.install[0] === '' || tool.remove[0] === '' ? '' : positional.shift();
    const install = sub !== undefined && tool.install.includes(sub);
    if ((!install && !(sub !== undefined && tool.remove.includes(sub))) || positional.length === 0) return undefined;
    return part(`${install ? 'install' : 'remove'} ${positional.map(packageName).join(' ')}`, PACKAGES_NOTE(tool.name));
  }
  if (PACMAN.has(cmd)) {
    const op = args.find((a) => /^-[A-Za-z]+$/.test(a)) ?? '';
    const { positional } = parseArgs(args, '');
    if (positional.length === 0) return undefined;
    if (/^-S[a-z]*$/.test(op) && !/[si]/.test(op.slice(2))) return part(`install ${positional.map(packageName).join(' ')}`, PACKAGES_NOTE(cmd));
    if (/^-R[a-z]*$/.test(op)) return part(`remove ${positional.map(packageName).join(' ')}`, PACKAGES_NOTE(cmd));
    return undefined;
  }
  switch (cmd) {
    case 'nix-env': {
      const { flags, positional } = parseArgs(args, 'fpI');
      if (positional.length === 0) return undefined;
      const names = positional.map(packageName).join(' ');
      if (flags.has('i') || flags.has('install')) return part(`install ${names}`, NIX_ENV_NOTE('nix-env -i'));
      if (flags.has('e') || flags.has('uninstall') || flags.has('erase')) return part(`remove ${names}`, NIX_ENV_NOTE('nix-env -e'));
      return undefined;
    }
    case 'nix': {
      const { positional } = parseArgs(args, '');
      const [what, sub, ...rest] = positional;
      if (what !== 'profile' || rest.length === 0) return undefined;
      if (sub === 'install' || sub === 'add') return part(`install ${rest.map(packageName).join(' ')}`, NIX_ENV_NOTE('nix profile install'));
      if (sub === 'remove') return part(`remove ${rest.map(packageName).join(' ')}`, NIX_ENV_NOTE('nix profile remove'));
      return undefined;
    }
    case 'useradd':
    case 'adduser': {
      const { flags, positional } = parseArgs(args, VALUED[cmd]!);
      // Debian's "adduser alice docker" puts a user in a group.
      if (cmd === 'adduser' && positional.length === 2) return part(`add ${positional[0]} to the ${positional[1]} group`, USERS_NOTE(cmd));
      const [user] = positional;
      if (!user || positional.length > 1) return undefined;
      const more = [`create user ${user}`];
      for (const g of (flags.get('G') ?? '').split(',').filter(Boolean)) more.push(`add ${user} to the ${g} group`);
      if (flags.get('s')) more.push(`set ${user}'s shell to ${shellName(flags.get('s')!)}`);
      return part(more.join(' , '), USERS_NOTE(cmd));
    }
    case 'userdel':
    case 'deluser': {
      const { positional } = parseArgs(args, '');
      if (cmd === 'deluser' && positional.length === 2) return part(`remove ${positional[0]} from the ${positional[1]} group`, USERS_NOTE(cmd));
      if (positional.length !== 1) return undefined;
      return part(`remove user ${positional[0]}`, USERS_NOTE(cmd));
    }
    case 'usermod': {
      const { flags, positional } = parseArgs(args, VALUED.usermod!);
      const [user] = positional;
      if (!user || positional.length > 1) return undefined;
      const said: string[] = [];
      const groups = (flags.get('G') ?? '').split(',').filter(Boolean);
      // "-rG" takes the user out of the groups; "-G" alone (without -a) sets all of them, read as adding with a note.
      for (const g of groups) said.push(flags.has('r') ? `remove ${user} from the ${g} group` : `add ${user} to the ${g} group`);
      if (flags.get('s')) said.push(`set ${user}'s shell to ${shellName(flags.get('s')!)}`);
      if (said.length === 0) return undefined;
      const replace = groups.length && !flags.has('a') && !flags.has('r') ? ' (Without -a, usermod -G would also take the user out of every other group; here the groups are added, the others kept.)' : '';
      return part(said.join(' , '), USERS_NOTE(cmd) + replace);
    }
    case 'gpasswd': {
      const { flags, positional } = parseArgs(args, VALUED.gpasswd!);
      const [group] = positional;
      if (!group || positional.length > 1) return undefined;
      if (flags.get('a')) return part(`add ${flags.get('a')} to the ${group} group`, USERS_NOTE(cmd));
      if (flags.get('d')) return part(`remove ${flags.get('d')} from the ${group} group`, USERS_NOTE(cmd));
      return undefined;
    }
    case 'groupadd':
    case 'groupdel': {
      const { positional } = parseArgs(args, VALUED.groupadd!);
      if (positional.length !== 1) return undefined;
      return part(`${cmd === 'groupadd' ? 'create' : 'remove'} group ${positional[0]}`, USERS_NOTE(cmd));
    }
    case 'chsh': {
      const { flags, positional } = parseArgs(args, VALUED.chsh!);
      const shell = flags.get('s') ?? flags.get('shell');
      if (!shell || positional.length > 1) return undefined;
      const [user] = positional;
      return part(user ? `set ${user}'s shell to ${shellName(shell)}` : `change my shell to ${shellName(shell)}`, USERS_NOTE(cmd).replace('users and groups are', "a user's login shell is").replace('(users.users, users.groups)', '(users.users.<name>.shell)'));
    }
    case 'passwd': {
      const { positional } = parseArgs(args, '');
      if (positional.length > 1) return undefined;
      const user = positional[0];
      return part(undefined, `A password is no part of the configuration: run ${written} as you would anywhere (it stays across switches), or declare users.users.${user ?? '<name>'}.hashedPassword.`);
    }
    case 'ufw': {
      const { positional } = parseArgs(args, '');
      let [action, ...rest] = positional;
      let remove = false;
      if (action === 'delete') {
        remove = true;
        [action, ...rest] = rest;
      }
      if (rest[0] === 'in') rest.shift();
      if ((action === 'enable' || action === 'disable') && rest.length === 0) return part(`${action} the firewall`, FIREWALL_NOTE('ufw'));
      const port = rest.length === 1 ? rest[0]!.replace(/(\d)\s*:\s*(\d)/, '$1-$2') : undefined;
      if (!port || !/^(?:\d{1,5}(?:-\d{1,5})?(?:\/(?:tcp|udp))?|[a-z][\w-]*)$/.test(port)) return undefined;
      const open = (action === 'allow' || action === 'limit') !== remove;
      if (!['allow', 'limit', 'deny', 'reject'].includes(action ?? '')) return undefined;
      const what = /^\d/.test(port) ? `port ${port}` : `the ${port} port`;
      return part(`${open ? 'open' : 'close'} ${what}`, FIREWALL_NOTE('ufw'));
    }
    case 'firewall-cmd': {
      const { flags } = parseArgs(args, '');
      const said: string[] = [];
      for (const [f, v] of flags) {
        const m = /^(add|remove)-(port|service)$/.exec(f);
        if (!m || !v) continue;
        said.push(`${m[1] === 'add' ? 'open' : 'close'} ${m[2] === 'port' ? `port ${v}` : `the ${v} port`}`);
      }
      return said.length ? part(said.join(' , '), FIREWALL_NOTE('firewall-cmd')) : undefined;
    }
    case 'iptables': {
      const { flags } = parseArgs(args.map((a) => (a === '--dport' ? '-d' : a)), VALUED.iptables!);
      const chain = flags.get('A') ?? flags.get('I') ?? flags.get('D');
      const port = flags.get('d');
      const target = flags.get('j');
      if (chain !== 'INPUT' || !port || !/^\d{1,5}(?::\d{1,5})?$/.test(port) || !target) return undefined;
      const open = /^ACCEPT$/.test(target) !== flags.has('D');
      return part(`${open ? 'open' : 'close'} port ${port.replace(':', '-')}/${flags.get('p') === 'udp' ? 'udp' : 'tcp'}`, FIREWALL_NOTE('iptables'));
    }
    case 'systemctl':
    case 'service': {
      const { positional } = parseArgs(args, '');
      // "service nginx start" names the unit first.
      const [verb, ...units] = cmd === 'service' ? [positional[1], positional[0]] : positional;
      const names = units.filter(Boolean).map((u) => u!.replace(/\.(?:service|socket|timer)$/, ''));
      if (names.length === 0) return undefined;
      if (verb === 'enable' || verb === 'start' || verb === 'unmask') return part(names.map((n) => `enable ${n}`).join(' , '), SERVICE_NOTE);
      if (verb === 'disable' || verb === 'stop' || verb === 'mask') return part(names.map((n) => `disable ${n}`).join(' , '), SERVICE_NOTE);
      if (verb === 'restart' || verb === 'reload' || verb === 'status') return part(undefined, `systemctl ${verb} changes nothing in the configuration: run it as it is. A service's settings are in the configuration; a switch restarts what changed.`);
      return undefined;
    }
    case 'localectl': {
      const [sub, value, variantOrModel, variant] = args;
      if (sub === 'set-locale' && value) return part(`set the locale to ${value.replace(/^LANG=/i, '')}`, SETTING_NOTE('localectl', 'i18n.defaultLocale'));
      if ((sub === 'set-keymap' || sub === 'set-x11-keymap') && value) {
        const v = sub === 'set-x11-keymap' ? (variant ?? '') : '';
        void variantOrModel;
        return part(`set the keyboard layout to ${value}${v ? ` ${v}` : ''}`, SETTING_NOTE('localectl', 'services.xserver.xkb.layout (and console.useXkbConfig for the console)'));
      }
      return undefined;
    }
    case 'setxkbmap': {
      const { flags, positional } = parseArgs(args.map((a) => a.replace(/^-(layout|variant|model|option)$/, '--$1')), '');
      const layout = flags.get('layout') || positional[0];
      const variant = flags.get('variant') || positional[1];
      // "--layout de" was split into a flag without a value and a positional: the positional is the layout.
      if (!layout) return undefined;
      return part(`set the keyboard layout to ${layout}${variant ? ` ${variant}` : ''}`, SETTING_NOTE('setxkbmap', 'services.xserver.xkb.layout (and console.useXkbConfig for the console)'));
    }
    case 'loadkeys': {
      const [map] = args;
      return map ? part(`set the keyboard layout to ${map}`, SETTING_NOTE('loadkeys', 'console.keyMap, or services.xserver.xkb.layout with console.useXkbConfig')) : undefined;
    }
    case 'timedatectl': {
      const [sub, zone] = args;
      return sub === 'set-timezone' && zone ? part(`set the time zone to ${zone}`, SETTING_NOTE('timedatectl', 'time.timeZone')) : undefined;
    }
    case 'hostnamectl': {
      const { positional } = parseArgs(args, '');
      const [sub, name] = positional;
      return (sub === 'set-hostname' || sub === 'hostname') && name ? part(`set the hostname to ${name}`, SETTING_NOTE('hostnamectl', 'networking.hostName')) : undefined;
    }
    // NixOS's own commands act on the configuration; they are no change to it.
    case 'nixos-rebuild': {
      const [sub] = parseArgs(args, 'I').positional;
      return sub && ['switch', 'boot', 'test', 'build', 'dry-build', 'build-vm'].includes(sub) ? part(undefined, `nixos-rebuild ${sub} builds the configuration as it is (the editor's Apply runs it after a preview); it is no change to the configuration: run it as it is.`) : undefined;
    }
    case 'nix-collect-garbage':
      // Only the command itself: "nix-collect-garbage every week" asks for a schedule, which the reader knows.
      if (parseArgs(args, '').positional.some((w) => !/^\d+d$/.test(w))) return undefined;
      return part(undefined, `${written} deletes what no generation uses, once: run it as it is. To have it done on a schedule, ask for automatic garbage collection (nix.gc.automatic).`);
    case 'nix-channel': {
      const { flags } = parseArgs(args, '');
      return flags.has('update') ? part(undefined, 'nix-channel --update fetches the newest channel, once: run it as it is, then rebuild. For upgrades on a schedule, ask for automatic upgrades (system.autoUpgrade).') : undefined;
    }
  }
  return undefined;
}

let reading = false;

/**
 * A request read as commands: each part read by `readWords` (the plain-language reader), its
 * intents told what the command means on NixOS. Undefined when the request holds no command
 * (and while a part is being read, so the reader's own words are never read as one).
 */
export function readCommands(text: string, readWords: (words: string) => Understanding): Understanding | undefined {
  if (reading) return undefined;
  const parts = commandParts(text);
  if (!parts) return undefined;
  reading = true;
  try {
    const out: Understanding = { intents: [], alternatives: [], unknown: [] };
    const asIs: CommandPart[] = [];
    for (const p of parts) {
      if (p.words === undefined) {
        asIs.push(p);
        continue;
      }
      const u = readWords(p.words);
      if (p.note && u.intents.length) u.intents[0]!.notes.unshift(p.note, `Read "${p.written}" as "${p.words}".`);
      out.intents.push(...u.intents);
      out.alternatives.push(...u.alternatives);
      out.unknown.push(...u.unknown.map((x) => (p.note && u.intents.length === 0 ? { ...x, words: p.written } : x)));
    }
    // Nothing in a configuration to change ("passwd bob", "sudo nixos-rebuild switch"): beside a
    // request, said with it ("install vlc && sudo nixos-rebuild switch" still installs vlc);
    // alone, no request, with what to do instead.
    for (const p of asIs) {
      if (out.intents.length) out.intents[0]!.notes.push(`Nothing to change for "${p.written}": ${p.note}`);
      else out.unknown.push({ words: p.written, nearest: [p.note ?? ''] });
    }
    return out;
  } finally {
    reading = false;
  }
}
