// Commands people type from habit on other systems ("sudo apt install vlc", "pacman -S steam",
// "usermod -aG docker alice", "ufw allow 8443/tcp", "chsh -s $(which fish)"): each is said in
// plain words for the rest of the reader, which then sets what NixOS declares for it. Flags are
// read for what they mean, never taken as names ("-S" is no package "R").
const INSTALLERS = /^(?:apt(?:-get)?|aptitude|dnf|yum|zypper|apk|pkg|snap|flatpak)\s+(?:-y\s+)?(?:install|in|add)\b|^(?:pacman|yay|paru|pamac)\s+-S[a-z]*\b|^brew\s+(?:install|cask install)\b|^nix-env\s+(?:-i[A-Za-z]*|--install)\b|^nix\s+profile\s+(?:install|add)\b|^pip3?\s+install\b/;
const REMOVERS = /^(?:apt(?:-get)?|dnf|yum|zypper|apk|snap)\s+(?:-y\s+)?(?:remove|purge|autoremove|erase|rm)\b|^(?:pacman|yay|paru)\s+-R[a-z]*\b|^brew\s+(?:uninstall|remove)\b|^nix-env\s+(?:-e|--uninstall)\b|^nix\s+profile\s+remove\b/;

/** A package name as a command line gives it: without a channel prefix, a flake reference or flags. */
const pkgWords = (rest: string) =>
  rest
    .split(/\s+/)
    .filter((w) => w && !w.startsWith('-'))
    .map((w) => w.replace(/^(?:nixos|nixpkgs)[.#]/, '').replace(/^(?:github:nixos\/nixpkgs|flake:nixpkgs)#/, ''))
    .join(' ');

const shellOf = (s: string) => /(?:\$\(which\s+)?(?:\/\S*\/)?([a-z]+)\)?$/.exec(s)?.[1];

/** One command line in plain words, or undefined when it is no such command. */
function commandWords(line: string): string | undefined {
  const l = line.trim().replace(/^sudo\s+(?:-\S+\s+)*/, '');
  let m: RegExpExecArray | null;
  if ((m = INSTALLERS.exec(l))) return `install ${pkgWords(l.slice(m[0].length))}`;
  if ((m = REMOVERS.exec(l))) return `remove ${pkgWords(l.slice(m[0].length))}`;
  if ((m = /^systemctl\s+(enable|disable|start|stop|mask|unmask)\s+(?:--now\s+)?([\w@.-]+?)(?:\.service)?(?:\s+--now)?$/.exec(l))) {
    const on = m[1] === 'enable' || m[1] === 'start' || m[1] === 'unmask';
    return `${on ? 'enable' : 'disable'} ${m[2]!.replace(/d$/, (d) => (/^(?:sshd|tailscaled|libvirtd|avahi-daemon)$/.test(m![2]!) ? '' : d))}`;
  }
  if ((m = /^ufw\s+(allow|deny|reject|delete allow)\s+(?:in\s+)?(\d+(?::\d+)?)(?:\/(tcp|udp))?$/.exec(l))) return `${m[1] === 'allow' ? 'open' : 'close'} port ${m[2]!.replace(':', '-')}${m[3] ? ` ${m[3]}` : ''}`;
  if ((m = /^(?:usermod\s+-a?G\s+|gpasswd\s+-a\s+)(\S+)\s+(\S+)$/.exec(l))) return l.startsWith('usermod') ? `add ${m[2]} to the ${m[1]} group` : `add ${m[1]} to the ${m[2]} group`;
  if ((m = /^gpasswd\s+(?:-d|--delete)\s+(\S+)\s+(\S+)$/.exec(l))) return `remove ${m[1]} from the ${m[2]} group`;
  if ((m = /^(?:useradd|adduser)\s+(?:-\S+\s+)*([a-z_][a-z0-9_-]*)$/.exec(l))) return `create a user ${m[1]}`;
  if ((m = /^(?:userdel|deluser)\s+(?:-\S+\s+)*([a-z_][a-z0-9_-]*)$/.exec(l))) return `delete the user ${m[1]}`;
  if ((m = /^groupadd\s+(?:-\S+\s+)*([a-z_][a-z0-9_-]*)$/.exec(l))) return `create the group ${m[1]}`;
  if ((m = /^groupdel\s+([a-z_][a-z0-9_-]*)$/.exec(l))) return `delete the group ${m[1]}`;
  if ((m = /^chsh\s+-s\s+(\S+(?:\s+\S+\))?)(?:\s+([a-z_][a-z0-9_-]*))?$/.exec(l))) {
    const shell = shellOf(m[1]!);
    return shell ? (m[2] ? `set ${m[2]}'s shell to ${shell}` : `make ${shell} my shell`) : undefined;
  }
  if ((m = /^localectl\s+set-locale\s+(?:lang=)?(\S+)$/i.exec(l))) return `set the locale to ${m[1]}`;
  if ((m = /^(?:localectl\s+set-(?:x11-)?keymap|setxkbmap|loadkeys)\s+(?:-layout\s+)?(\S+)$/.exec(l))) return `set the keyboard layout to ${m[1]}`;
  if ((m = /^timedatectl\s+set-timezone\s+(\S+)$/.exec(l))) return `set the time zone to ${m[1]}`;
  // "carol += wheel", "bob -= audio": a group; "pkgs += htop": a package.
  if ((m = /^([a-z_][a-z0-9_.-]*)\s*([+-])=\s*(.+)$/.exec(l))) {
    if (/^(?:pkgs|packages|environment\.systempackages)$/i.test(m[1]!)) return `${m[2] === '+' ? 'install' : 'remove'} ${m[3]}`;
    return m[2] === '+' ? `add ${m[1]} to the ${m[3]} group` : `remove ${m[1]} from the ${m[3]} group`;
  }
  // "8080/udp", "8000-8100 tcp": a port alone asks it open.
  if ((m = /^(\d{1,5}(?:\s*-\s*\d{1,5})?)\s*(?:\/|\s)\s*(tcp|udp)$/i.exec(l))) return `open port ${m[1]!.replace(/\s+/g, '')} ${m[2]!.toLowerCase()}`;
  if ((m = /^hostnamectl\s+(?:set-hostname|hostname)\s+(\S+)$/.exec(l))) return `set the hostname to ${m[1]}`;
  return undefined;
}

/**
 * The request with each command line said in plain words; a `#` or a "TODO:" before a request
 * (typed as a comment) is dropped. Anything else is left as it is.
 */
// Marks people put after a name: a cross or a no-entry sign takes it away, a tick asks for it.
const MARKS: Array<[RegExp, string]> = [
  [/(\S+)\s*(?:❌|✖️?|⛔|🚫|👎)/gu, ', remove $1, '],
  [/(\S+)\s*(?:✅|✔️?|☑️?|👍)/gu, ', install $1, '],
];

export function fromCommands(text: string): string {
  let marked = text;
  for (const [re, to] of MARKS) marked = marked.replace(re, to);
  // Other pictographs ("firefox 🙏") say nothing to change.
  marked = marked.replace(/\p{Extended_Pictographic}\uFE0F?/gu, ' ').replace(/^[\s,]+|[\s,]+$/g, '').replace(/\s*,\s*(?:,\s*)+/g, ', ');
  if (marked !== text) text = marked;
  const lines = text.split(/\n|;\s*|&&\s*/);
  let changed = false;
  const out = lines.map((line) => {
    const bare = line.replace(/^\s*(?:#+|\/\/)\s*(?:(?:todo|fixme|note)\s*:?\s*)?/i, '').replace(/^\s*(?:todo|fixme)\s*:\s*/i, '');
    const said = commandWords(bare.replace(/^\$\s+/, ''));
    if (said !== undefined || bare !== line) changed = true;
    return said ?? bare;
  });
  return changed ? out.join('\n') : text;
}
