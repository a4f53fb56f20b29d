// The hand-written part of understanding: what an expert sets for each family of request (a
// desktop is a desktop manager and its display manager; sound is PipeWire with its ALSA and
// PulseAudio faces). Anything not here is found in the index (understand.ts).
import type { Change, Family } from './model.js';

export const bool = (path: string, on: boolean): Change => ({ kind: 'set', path: path.split('.'), value: { text: String(on) } });
export const str = (path: string, s: string): Change => ({ kind: 'set', path: path.split('.'), value: { text: JSON.stringify(s) } });

export interface Feature {
  family: Family;
  /** Keyword phrases that name it (typos of single words are corrected before matching). */
  words: string[];
  /** Plain name for messages. */
  name: string;
  on: Change[];
  /** What turning it off sets; defaults to the first change of `on` set to false. */
  off?: Change[];
  /** A package by the same name exists but the option is what works (a daemon, a group, udev rules). */
  preferOverPackage?: boolean;
  /** Options that cannot be on with it (another display manager): turned off when the configuration has them on. */
  replaces?: string[];
  /** For a desktop: its own enable option, which "switch to" another desktop turns off. */
  desktop?: string;
  note?: string;
}

// The display managers: one greets at a time, so a desktop's own (GNOME's GDM, Plasma's SDDM,
// LightDM for the X11 desktops) turns off whichever other one is on. Two on is an error.
export const DM_PATHS = {
  sddm: 'services.displayManager.sddm.enable',
  gdm: 'services.displayManager.gdm.enable',
  lightdm: 'services.xserver.displayManager.lightdm.enable',
};
const otherDms = (own: keyof typeof DM_PATHS) => Object.entries(DM_PATHS).filter(([k]) => k !== own).map(([, p]) => p);

const xserverDesktop = (dm: string, name: string, words: string[]): Feature => ({
  family: 'desktop',
  words,
  name: `the ${name} desktop`,
  on: [bool('services.xserver.enable', true), bool(`services.xserver.desktopManager.${dm}.enable`, true), bool(DM_PATHS.lightdm, true)],
  off: [bool(`services.xserver.desktopManager.${dm}.enable`, false)],
  preferOverPackage: true,
  replaces: otherDms('lightdm'),
  desktop: `services.xserver.desktopManager.${dm}.enable`,
});

// One display manager greets at a time: switching to one turns off the one that is on.
function displayManagers(): Feature[] {
  const dms: Array<[string, string, string[]]> = [
    ['SDDM', DM_PATHS.sddm, ['sddm']],
    ['GDM', DM_PATHS.gdm, ['gdm']],
    ['LightDM', DM_PATHS.lightdm, ['lightdm', 'light dm']],
  ];
  return dms.map(([name, path, words]) => ({
    family: 'desktop',
    words,
    name: `the ${name} login screen`,
    on: [bool(path, true)],
    replaces: dms.map((d) => d[1]).filter((p) => p !== path),
    preferOverPackage: true,
  }));
}

export const FEATURES: Feature[] = [
  {
    family: 'desktop',
    words: ['gnome', 'gnome desktop'],
    name: 'the GNOME desktop',
    on: [bool('services.desktopManager.gnome.enable', true), bool('services.displayManager.gdm.enable', true)],
    off: [bool('services.desktopManager.gnome.enable', false), bool('services.displayManager.gdm.enable', false)],
    preferOverPackage: true,
    replaces: otherDms('gdm'),
    desktop: 'services.desktopManager.gnome.enable',
  },
  {
    family: 'desktop',
    words: ['kde', 'plasma', 'kde plasma', 'plasma 6', 'plasma6'],
    name: 'the KDE Plasma desktop',
    on: [bool('services.desktopManager.plasma6.enable', true), bool('services.displayManager.sddm.enable', true)],
    off: [bool('services.desktopManager.plasma6.enable', false), bool('services.displayManager.sddm.enable', false)],
    preferOverPackage: true,
    replaces: otherDms('sddm'),
    desktop: 'services.desktopManager.plasma6.enable',
  },
  xserverDesktop('xfce', 'Xfce', ['xfce', 'xfce4']),
  xserverDesktop('cinnamon', 'Cinnamon', ['cinnamon']),
  xserverDesktop('mate', 'MATE', ['mate']),
  xserverDesktop('budgie', 'Budgie', ['budgie']),
  xserverDesktop('lxqt', 'LXQt', ['lxqt']),
  xserverDesktop('pantheon', 'Pantheon', ['pantheon']),
  { family: 'desktop', words: ['sway'], name: 'the Sway compositor', on: [bool('programs.sway.enable', true)], preferOverPackage: true, desktop: 'programs.sway.enable' },
  { family: 'desktop', words: ['hyprland'], name: 'Hyprland', on: [bool('programs.hyprland.enable', true)], preferOverPackage: true, desktop: 'programs.hyprland.enable' },
  {
    family: 'hardware',
    words: ['sound', 'audio', 'pipewire', 'speakers'],
    name: 'sound (PipeWire)',
    on: [
      { ...(bool('services.pipewire.enable', true) as Extract<Change, { kind: 'set' }>), group: 2 },
      bool('services.pipewire.alsa.enable', true),
      bool('services.pipewire.pulse.enable', true),
      bool('security.rtkit.enable', true),
    ],
    off: [bool('services.pipewire.enable', false)],
    preferOverPackage: true,
  },
  ...displayManagers(),
  { family: 'hardware', words: ['pulseaudio'], name: 'PulseAudio', on: [bool('services.pulseaudio.enable', true)], preferOverPackage: true },
  { family: 'hardware', words: ['bluetooth'], name: 'Bluetooth', on: [bool('hardware.bluetooth.enable', true)], preferOverPackage: true },
  { family: 'hardware', words: ['printing', 'printer', 'printers', 'print', 'cups'], name: 'printing (CUPS)', on: [bool('services.printing.enable', true)], preferOverPackage: true },
  // Scanners work through SANE's backends and udev rules, not a package alone.
  { family: 'hardware', words: ['scanning', 'scanner', 'scanners'], name: 'scanners (SANE)', on: [bool('hardware.sane.enable', true)], preferOverPackage: true },
  {
    family: 'hardware',
    words: ['graphics', 'opengl', 'gpu acceleration', 'hardware acceleration', '3d acceleration', 'vulkan', 'gpu'],
    name: 'graphics acceleration (OpenGL/Vulkan)',
    on: [bool('hardware.graphics.enable', true)],
  },
  {
    // The proprietary driver: NixOS asks to choose the open kernel module (Turing, 2018, and newer) or not.
    family: 'hardware',
    words: ['nvidia', 'nvidia driver', 'nvidia gpu', 'nvidia graphics', 'nvidia card', 'nvidia graphics card', 'proprietary nvidia driver', 'nvidia graphics driver'],
    name: 'the NVIDIA driver',
    on: [
      { kind: 'listAdd', path: ['services', 'xserver', 'videoDrivers'], items: [{ text: '"nvidia"' }] },
      bool('hardware.graphics.enable', true),
      bool('hardware.nvidia.open', true),
      bool('nixpkgs.config.allowUnfree', true),
    ],
    off: [{ kind: 'listRemove', path: ['services', 'xserver', 'videoDrivers'], items: [{ text: '"nvidia"' }] }],
    preferOverPackage: true,
    note: 'The NVIDIA driver is unfree: allowing unfree packages too. hardware.nvidia.open = true uses the open kernel module, for GeForce 16xx/RTX 20xx and newer; set it to false for older cards.',
  },
  {
    // Wine and Steam games are often 32-bit: they need the 32-bit graphics libraries.
    family: 'hardware',
    words: ['32 bit graphics', '32-bit graphics', '32 bit support', '32-bit support', '32bit support', '32 bit graphics drivers', '32 bit drivers', '32-bit drivers', '32 bit opengl', '32-bit opengl'],
    name: '32-bit graphics (for Wine and games)',
    on: [bool('hardware.graphics.enable', true), bool('hardware.graphics.enable32Bit', true)],
    off: [bool('hardware.graphics.enable32Bit', false)],
  },
  { family: 'virtualisation', words: ['docker'], name: 'Docker', on: [bool('virtualisation.docker.enable', true)], preferOverPackage: true, note: 'Add yourself to the "docker" group to use it without sudo.' },
  { family: 'virtualisation', words: ['podman'], name: 'Podman', on: [bool('virtualisation.podman.enable', true)], preferOverPackage: true },
  {
    family: 'virtualisation',
    words: ['libvirt', 'libvirtd', 'kvm', 'virtual machines', 'virt-manager', 'virt manager', 'vms', 'qemu'],
    name: 'virtual machines (libvirt)',
    on: [bool('virtualisation.libvirtd.enable', true), bool('programs.virt-manager.enable', true)],
    off: [bool('virtualisation.libvirtd.enable', false)],
    preferOverPackage: true,
  },
  { family: 'virtualisation', words: ['virtualbox'], name: 'VirtualBox', on: [bool('virtualisation.virtualbox.host.enable', true)], preferOverPackage: true },
  {
    family: 'nix',
    words: ['flakes', 'flake', 'nix flakes', 'nix-command', 'nix command', 'the nix command', 'experimental features'],
    name: 'flakes and the nix command',
    on: [{ kind: 'listAdd', path: ['nix', 'settings', 'experimental-features'], items: [{ text: '"nix-command"' }, { text: '"flakes"' }] }],
    off: [{ kind: 'listRemove', path: ['nix', 'settings', 'experimental-features'], items: [{ text: '"flakes"' }] }],
  },
  {
    family: 'nix',
    words: ['unfree', 'unfree packages', 'unfree software', 'non-free', 'nonfree', 'proprietary', 'proprietary software'],
    name: 'unfree packages',
    on: [bool('nixpkgs.config.allowUnfree', true)],
  },
  {
    family: 'ssh',
    words: ['ssh', 'openssh', 'sshd', 'ssh server', 'remote login', 'remote access', 'ssh access'],
    name: 'the SSH server',
    on: [bool('services.openssh.enable', true)],
    preferOverPackage: true,
  },
  { family: 'service', words: ['firewall'], name: 'the firewall', on: [bool('networking.firewall.enable', true)], preferOverPackage: true },
  { family: 'service', words: ['networkmanager', 'network manager', 'wifi', 'wi-fi', 'wireless'], name: 'NetworkManager', on: [bool('networking.networkmanager.enable', true)], preferOverPackage: true },
  { family: 'swap', words: ['zram', 'zram swap', 'zramswap', 'compressed swap'], name: 'compressed swap in RAM (zram)', on: [bool('zramSwap.enable', true)] },
  { family: 'service', words: ['flatpak', 'flathub'], name: 'Flatpak', on: [bool('services.flatpak.enable', true)], preferOverPackage: true },
  { family: 'service', words: ['steam'], name: 'Steam', on: [bool('programs.steam.enable', true), bool('nixpkgs.config.allowUnfree', true)], off: [bool('programs.steam.enable', false)], preferOverPackage: true, note: 'Steam is unfree: allowing unfree packages too.' },
  { family: 'service', words: ['tailscale'], name: 'Tailscale', on: [bool('services.tailscale.enable', true)], preferOverPackage: true },
  { family: 'service', words: ['postgres', 'postgresql', 'postgre'], name: 'PostgreSQL', on: [bool('services.postgresql.enable', true)], preferOverPackage: true },
  { family: 'service', words: ['firmware updates', 'fwupd'], name: 'firmware updates (fwupd)', on: [bool('services.fwupd.enable', true)], preferOverPackage: true },
  { family: 'service', words: ['tlp', 'power saving', 'battery saving'], name: 'power saving (TLP)', on: [bool('services.tlp.enable', true)] },
  { family: 'service', words: ['gpg agent', 'gnupg agent', 'gpg-agent'], name: 'the GnuPG agent', on: [bool('programs.gnupg.agent.enable', true)] },
  { family: 'service', words: ['wireshark'], name: 'Wireshark (with capture permissions)', on: [bool('programs.wireshark.enable', true)], preferOverPackage: true },
];

/** Service-like names people use for an option's own name: "ssh" -> "openssh". */
export const SERVICE_ALIASES: Record<string, string> = {
  ssh: 'openssh',
  sshd: 'openssh',
  postgres: 'postgresql',
  'web server': 'nginx',
  webserver: 'nginx',
  apache: 'httpd',
  cups: 'printing',
  mysql: 'mysql',
  plex: 'plex',
  'home assistant': 'home-assistant',
  'pi-hole': 'pihole-ftl',
};

/** Groups people add users to, and what they are called. */
export const GROUP_WORDS: Record<string, string> = {
  wheel: 'wheel',
  admin: 'wheel',
  admins: 'wheel',
  administrator: 'wheel',
  administrators: 'wheel',
  sudo: 'wheel',
  sudoers: 'wheel',
  sudoer: 'wheel',
  docker: 'docker',
  networkmanager: 'networkmanager',
  'network manager': 'networkmanager',
  network: 'networkmanager',
  audio: 'audio',
  video: 'video',
  libvirtd: 'libvirtd',
  libvirt: 'libvirtd',
  podman: 'podman',
  input: 'input',
  dialout: 'dialout',
  plugdev: 'plugdev',
  lp: 'lp',
  scanner: 'scanner',
  kvm: 'kvm',
  adbusers: 'adbusers',
  wireshark: 'wireshark',
  users: 'users',
  render: 'render',
  virtualbox: 'vboxusers',
  vboxusers: 'vboxusers',
};

export const SHELLS = new Set(['zsh', 'fish', 'bash', 'nushell', 'xonsh', 'dash', 'elvish']);
/** Shells NixOS wants enabled as programs before they can be a login shell. */
export const SHELL_PROGRAMS = new Set(['zsh', 'fish', 'xonsh']);

/** The feature the words name, by its longest keyword phrase. */
// "vm support", "printers", "gpus": one word form for both, so a plural or singular still names the feature.
const singular = (s: string) => s.replace(/\b(\w{2,}?)(?<![su])s\b/g, '$1');

const singulars = new Map<string, string>();
const singularOf = (k: string): string => {
  let s = singulars.get(k);
  if (s === undefined) singulars.set(k, (s = singular(k)));
  return s;
};

// The feature named first, and of those named at the same place the longest keyword ("kde
// plasma" over "kde"): in "podman with docker compatibility" Podman is asked for, Docker only
// describes it; in "virtualbox ... virtual machines" VirtualBox is the machines' host.
export function findFeature(words: string): Feature | undefined {
  const w = ` ${words} `;
  const ws = ` ${singular(words)} `;
  let best: Feature | undefined;
  let bestLen = 0;
  let bestAt = Infinity;
  for (const f of FEATURES) {
    for (const k of f.words) {
      let at = w.indexOf(` ${k} `);
      // (Where the singular form is found, its place in the singular text, which is never later.)
      if (at < 0) at = ws.indexOf(` ${singularOf(k)} `);
      if (at < 0) continue;
      if (at < bestAt || (at === bestAt && k.length > bestLen)) {
        best = f;
        bestLen = k.length;
        bestAt = at;
      }
    }
  }
  return best;
}
