// Commands of other systems ("sudo apt install vlc", "usermod -aG docker alice") and shorthand
// ("8080/udp", "carol += wheel", "htop ❌"): the plain words each becomes, what the answer says
// the command means on NixOS, and English that is never taken for a command.
import assert from 'node:assert/strict';
import { ask } from '../../server/src/intent/index.js';
import { commandParts } from '../../server/src/intent/commands.js';
import type { Change } from '../../server/src/intent/model.js';
import { baseWorkspace } from './harness.js';
import { testIndex } from './support.js';

/** Command -> the words the reader is given (parts joined by " ; "). */
const WORDS: Array<[string, string]> = [
  ['sudo apt install vlc', 'install vlc'],
  ['apt remove git', 'remove git'],
  ['sudo apt-get install -y curl=7.88 wget:amd64', 'install curl wget'],
  ['apt purge libreoffice', 'remove libreoffice'],
  ['pacman -S steam', 'install steam'],
  ['sudo pacman -Syu firefox', 'install firefox'],
  ['pacman -Rns vim', 'remove vim'],
  ['yay -S spotify', 'install spotify'],
  ['paru -S discord', 'install discord'],
  ['brew install ripgrep fd bat', 'install ripgrep fd bat'],
  ['brew install --cask firefox', 'install firefox'],
  ['dnf install -y htop', 'install htop'],
  ['zypper in tmux', 'install tmux'],
  ['doas apk add jq', 'install jq'],
  ['snap install spotify', 'install spotify'],
  ['nix-env -iA nixos.firefox', 'install firefox'],
  ['nix-env -iA nixpkgs.htop', 'install htop'],
  ['nix-env -i hello', 'install hello'],
  ['nix-env -e libreoffice', 'remove libreoffice'],
  ['nix-env --uninstall vim', 'remove vim'],
  ['nix profile install nixpkgs#ripgrep', 'install ripgrep'],
  ['nix profile add nixpkgs/nixos-unstable#jq', 'install jq'],
  ['nix profile remove htop', 'remove htop'],
  ['usermod -aG libvirtd alice', 'add alice to the libvirtd group'],
  ['sudo usermod -a -G docker,video bob', 'add bob to the docker group , add bob to the video group'],
  ['usermod -s /usr/bin/zsh carol', "set carol's shell to zsh"],
  ['usermod -rG audio bob', 'remove bob from the audio group'],
  ['sudo useradd -m dave', 'create user dave'],
  ['useradd -m -G wheel -s /bin/fish erin', "create user erin , add erin to the wheel group , set erin's shell to fish"],
  ['adduser frank', 'create user frank'],
  ['adduser alice video', 'add alice to the video group'],
  ['userdel -r carol', 'remove user carol'],
  ['deluser bob audio', 'remove bob from the audio group'],
  ['groupadd gamers', 'create group gamers'],
  ['groupdel gamers', 'remove group gamers'],
  ['gpasswd -a dana video', 'add dana to the video group'],
  ['gpasswd -d dana video', 'remove dana from the video group'],
  ['chsh -s $(which fish)', 'change my shell to fish'],
  ['chsh -s `which zsh`', 'change my shell to zsh'],
  ['chsh -s /run/current-system/sw/bin/bash dana', "set dana's shell to bash"],
  ['ufw allow 8443/tcp', 'open port 8443/tcp'],
  ['ufw deny 443', 'close port 443'],
  ['sudo ufw allow 6000:6010/udp', 'open port 6000-6010/udp'],
  ['ufw allow ssh', 'open the ssh port'],
  ['ufw delete allow 80', 'close port 80'],
  ['ufw enable', 'enable the firewall'],
  ['firewall-cmd --permanent --add-port=8080/tcp', 'open port 8080/tcp'],
  ['firewall-cmd --remove-service=http', 'close the http port'],
  ['iptables -A INPUT -p udp --dport 51820 -j ACCEPT', 'open port 51820/udp'],
  ['systemctl enable --now sshd', 'enable sshd'],
  ['sudo systemctl disable docker.service', 'disable docker'],
  ['systemctl stop cups', 'disable cups'],
  ['service nginx start', 'enable nginx'],
  ['localectl set-locale LANG=de_DE.UTF-8', 'set the locale to de_DE.UTF-8'],
  ['localectl set-x11-keymap fr', 'set the keyboard layout to fr'],
  ['setxkbmap de', 'set the keyboard layout to de'],
  ['setxkbmap -layout us -variant dvorak', 'set the keyboard layout to us dvorak'],
  ['timedatectl set-timezone Europe/Rome', 'set the time zone to Europe/Rome'],
  ['hostnamectl set-hostname alice-desktop', 'set the hostname to alice-desktop'],
  ['sudo apt install vlc && sudo systemctl enable --now docker', 'install vlc ; enable docker'],
  ['apt install vlc and sudo ufw allow 80', 'install vlc ; open port 80'],
  ['install firefox; sudo apt install vlc', 'install firefox ; install vlc'],
  ['$ sudo apt install mpv', 'install mpv'],
  // Names other distributions give things, and a command asked about or with words around it.
  ['apt install build-essential', 'install gcc gnumake'],
  ['sudo apt install docker.io', 'install docker'],
  ['pacman -S base-devel', 'install gcc gnumake'],
  ['apt install openjdk-17-jdk', 'install jdk17'],
  ['dnf install java-21-openjdk-devel', 'install jdk21'],
  ['sudo apt install vlc please', 'install vlc'],
  ['usermod -aG docker alice?', 'add alice to the docker group'],
  ['how do I sudo apt install vlc on nixos?', 'install vlc'],
  ["what's the nixos equivalent of: apt install vlc", 'install vlc'],
  ['i would normally run sudo systemctl enable sshd', 'enable sshd'],
  // Shorthand from notes and chats.
  ['8080/udp', 'open port 8080/udp'],
  ['8000-8100 tcp', 'open port 8000-8100 tcp'],
  ['tcp 25565', 'open port tcp 25565'],
  ['user: eve', 'create user eve'],
  ['new group: media', 'create group media'],
  ['carol += wheel', 'add carol to the wheel group'],
  ['bob -= audio', 'remove bob from the audio group'],
  ['+= htop', 'install htop'],
  ['pkgs += [ jq fd ]', 'install jq fd'],
  ['environment.systemPackages -= pkgs.vim', 'remove vim'],
  ['# install firefox and enable ssh', 'install firefox and enable ssh'],
  ['# TODO: use plasma instead of xfce', 'use plasma instead of xfce'],
  ['// todo remove vim', 'remove vim'],
  ['FIXME: close port 80', 'close port 80'],
  ['# sudo apt install vlc', 'install vlc'],
  ['dana → fish', "set dana's shell to fish"],
  ['bob -> zsh', "set bob's shell to zsh"],
  ['firefox 🙏', 'firefox'],
  ['htop ❌', 'remove htop'],
  ['git ❌ neovim ❌ helix ✅', 'remove git , remove neovim , install helix'],
];

// English (and Nix) that must be read as it is: no command, no shorthand.
const NOT_COMMANDS = [
  'install vlc', 'enable ssh', 'allow password-less sudo for wheel', 'open port 8080', 'port 8080 open', 'ports: 80 443 8080',
  'pkg: htop', 'add alice to the docker group', 'remove the apt package', 'service ssh please', 'passwords for sudo off',
  'set the hostname to nas', 'nix flakes please', 'use brew-like names', 'user alice should have zsh', 'apt', 'pacman',
  'systemctl', 'ufw', 'ufw allow from 10.0.0.0/8', 'usermod alice', 'chsh alice', 'bash -> zsh', 'vim -> neovim', 'dana → firefox', '+htop -vim',
  'services.openssh.enable = true', 'firefox', 'docker: yes', 'hostname=files', 'how do i install vlc', 'what is the equivalent of firefox',
  'i would run firefox', 'install nixpkgs#ripgrep', 'fix the todo list app', 'run nix-collect-garbage every week automatically', 'i would run nix-collect-garbage weekly', 'nixos-rebuild',
];

const wordsOf = (text: string) => commandParts(text)?.map((p) => p.words ?? '(none)').join(' ; ');

describe('intent: commands of other systems', function () {
  it('reads each command as the plain words of what it asks', function () {
    const wrong = WORDS.filter(([cmd, want]) => wordsOf(cmd) !== want).map(([cmd, want]) => `${cmd}: want "${want}", got "${wordsOf(cmd)}"`);
    assert.deepEqual(wrong, []);
  });

  it('leaves English, Nix and other shorthand to the reader', function () {
    assert.deepEqual(NOT_COMMANDS.filter((t) => commandParts(t) !== undefined), []);
  });

  it('says what each kind of command means on NixOS', function () {
    const note = (cmd: string) => commandParts(cmd)?.[0]?.note ?? '';
    assert.match(note('sudo apt install vlc'), /environment\.systemPackages.*not with apt/);
    assert.match(note('yay -S spotify'), /not with yay/);
    assert.match(note('nix-env -iA nixos.firefox'), /one user's profile, outside the configuration/);
    assert.match(note('usermod -aG docker alice'), /users\.users.*not changed with usermod/);
    assert.match(note('usermod -G docker alice'), /Without -a/);
    assert.match(note('ufw deny 443'), /networking\.firewall.*denying one takes it out/);
    assert.match(note('systemctl enable --now sshd'), /enable option.*undone at the next switch/);
    assert.match(note('timedatectl set-timezone Europe/Rome'), /time\.timeZone/);
    assert.equal(note('8080/udp'), '');
    // Commands that change nothing in a configuration: no words for the reader, only what to do.
    assert.equal(commandParts('passwd bob')?.[0]?.words, undefined);
    assert.match(note('passwd bob'), /users\.users\.bob\.hashedPassword/);
    assert.equal(commandParts('systemctl restart nginx')?.[0]?.words, undefined);
    assert.match(note('sudo nixos-rebuild switch'), /no change to the configuration/);
    assert.match(note('nix-collect-garbage --delete-older-than 30d'), /nix\.gc\.automatic/);
    assert.match(note('sudo nix-channel --update'), /system\.autoUpgrade/);
  });
});

describe('intent: commands through the reader', function () {
  const ws = baseWorkspace('flat');
  const answer = (text: string) => ask(text, { files: ws.files, root: ws.root }, testIndex());
  const changes = (text: string) => answer(text).understanding.intents.flatMap((i) => i.changes);
  const show = (c: Change) => `${c.kind} ${c.path.join('.')} ${'value' in c ? c.value.text : 'items' in c ? c.items.map((x) => ('package' in x ? x.package : x.text)).join(' ') : ''}`.trim();

  // Each as the changes it makes; flags never become packages ("-S" no R, "-aG" no age, "-m" no mc).
  const CHANGES: Array<[string, string[]]> = [
    ['sudo apt install vlc', ['listAdd environment.systemPackages vlc']],
    ['pacman -S steam', ['set programs.steam.enable true', 'set nixpkgs.config.allowUnfree true']],
    ['usermod -aG libvirtd alice', ['listAdd users.users.alice.extraGroups "libvirtd"']],
    ['sudo useradd -m dave', ['set users.users.dave.isNormalUser true']],
    ['userdel carol', ['unset users.users.carol']],
    ['ufw deny 443', ['listRemove networking.firewall.allowedTCPPorts 443']],
    ['8000-8100 tcp', ['listAdd networking.firewall.allowedTCPPortRanges { from = 8000; to = 8100; }']],
    ['sudo systemctl enable --now tailscaled', ['set services.tailscale.enable true']],
    ['setxkbmap de', ['set services.xserver.xkb.layout "de"', 'set console.useXkbConfig true']],
    ['localectl set-locale LANG=de_DE.UTF-8', ['set i18n.defaultLocale "de_DE.UTF-8"']],
    ['git ❌ helix ✅', ['listRemove environment.systemPackages git', 'listAdd environment.systemPackages helix']],
    ['sudo apt install docker.io', ['set virtualisation.docker.enable true']],
  ];

  it('makes the changes the command asks for, and nothing for its flags', function () {
    const wrong = CHANGES.map(([cmd, want]) => [cmd, want, changes(cmd).map(show)] as const).filter(([, want, got]) => JSON.stringify(want) !== JSON.stringify(got));
    assert.deepEqual(wrong, []);
  });

  it('tells the person what the command means, and how it was read', function () {
    const notes = answer('sudo apt install vlc').understanding.intents[0]!.notes;
    assert.ok(notes.some((n) => /environment\.systemPackages/.test(n)));
    assert.ok(notes.includes('Read "apt install vlc" as "install vlc".'));
  });

  it('answers a command that changes nothing as not a request, with what to do instead', function () {
    const u = answer('passwd admin').understanding;
    assert.equal(u.intents.length, 0);
    assert.equal(u.unknown[0]?.words, 'passwd admin');
    assert.match(u.unknown[0]!.nearest[0]!, /hashedPassword/);
  });

  it('says beside a request what a command that changes nothing is, and still makes the request', function () {
    const u = answer('sudo apt install vlc && sudo nixos-rebuild switch').understanding;
    assert.deepEqual(u.unknown, []);
    assert.deepEqual(u.intents.flatMap((i) => i.changes).map(show), ['listAdd environment.systemPackages vlc']);
    assert.ok(u.intents[0]!.notes.some((n) => n.startsWith('Nothing to change for "nixos-rebuild switch"')));
  });

  it('reads the English beside a command as English', function () {
    const u = answer('sudo apt install vlc and enable bluetooth').understanding;
    assert.deepEqual(u.intents.map((i) => i.summary), ['install vlc', 'turn on Bluetooth']);
  });
});
