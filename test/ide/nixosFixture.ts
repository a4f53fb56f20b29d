// A small hand-made NixOS index for the option- and package-aware features: a few options of
// each type, a `<name>` submodule, a renamed and a removed option, free and unfree packages, lib.
import type { KnowledgeLayer, OptionInfo, OptionType, PackageInfo } from '../../server/src/knowledge/model.js';
import { NixosIndex } from '../../server/src/knowledge/nixosIndex.js';

const t = (kind: OptionType['kind'], text: string, extra: Partial<OptionType> = {}): OptionType => ({ kind, text, ...extra });
const opt = (path: string, type: OptionType, description: string, extra: Partial<OptionInfo> = {}): OptionInfo => ({
  path: path.split('.'),
  type,
  description,
  declarations: [`nixos/modules/${path.split('.').slice(0, 2).join('/')}.nix`],
  readOnly: false,
  source: 'embedded',
  ...extra,
});
const pkg = (attrPath: string, description: string, extra: Partial<PackageInfo> = {}): PackageInfo => ({
  attrPath,
  name: `${attrPath}-1.0`,
  pname: attrPath,
  version: '1.0',
  description,
  licenses: [{ spdxId: 'MIT', free: true }],
  unfree: false,
  source: 'embedded',
  ...extra,
});

export const OPTIONS: OptionInfo[] = [
  opt('services.openssh.enable', t('bool', 'boolean'), 'Whether to run the OpenSSH server.', { default: 'false', example: 'true' }),
  opt('services.openssh.ports', t('list', 'list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)', { of: [t('port', 'port')] }), 'Ports sshd listens on.', { default: '[ 22 ]' }),
  opt('services.openssh.settings.PermitRootLogin', t('enum', 'one of "yes", "without-password", "prohibit-password", "forced-commands-only", "no"', { values: ['yes', 'without-password', 'prohibit-password', 'forced-commands-only', 'no'] }), 'Whether root may log in over SSH.', { default: '"prohibit-password"' }),
  opt('services.openssh.settings.PasswordAuthentication', t('bool', 'boolean'), 'Whether passwords are accepted.', { default: 'true' }),
  opt('services.printing.enable', t('bool', 'boolean'), 'Whether to run CUPS, to print.'),
  opt('services.xserver.enable', t('bool', 'boolean'), 'Whether to run the X server.'),
  opt('networking.hostName', t('str', 'string'), 'The name of the machine.', { default: '"nixos"' }),
  opt('networking.firewall.enable', t('bool', 'boolean'), 'Whether to turn the firewall on.', { default: 'true' }),
  opt('networking.firewall.allowedTCPPorts', t('list', 'list of 16 bit unsigned integer', { of: [t('port', 'port')] }), 'TCP ports open to the outside.', { default: '[ ]' }),
  opt('boot.loader.systemd-boot.enable', t('bool', 'boolean'), 'Whether to use systemd-boot.'),
  opt('boot.supportedFilesystems', t('attrs', 'attribute set of boolean'), 'File systems the system can mount (a list of names is converted).'),
  opt('boot.kernel.sysctl', t('attrs', 'attribute set of anything'), 'Kernel parameters at run time.'),
  opt('time.timeZone', t('nullOr', 'null or string without spaces', { of: [t('str', 'string')] }), 'The time zone.'),
  opt('users.users.<name>.shell', t('nullOr', 'null or package', { of: [t('package', 'package')] }), "The user's login shell."),
  opt('users.users.<name>.isNormalUser', t('bool', 'boolean'), 'Whether this is a person rather than a system account.'),
  opt('users.users.<name>.extraGroups', t('list', 'list of string', { of: [t('str', 'string')] }), 'Groups the user belongs to.'),
  opt('fileSystems.<name>.device', t('nullOr', 'null or string', { of: [t('str', 'string')] }), 'The device to mount.'),
  opt('fileSystems.<name>.fsType', t('str', 'string'), 'The type of file system.', { default: '"auto"' }),
  opt('environment.systemPackages', t('list', 'list of package', { of: [t('package', 'package')] }), 'Packages installed for every user.', { default: '[ ]' }),
  opt('nixpkgs.config', t('attrs', 'nixpkgs config'), 'The nixpkgs configuration.'),
  opt('system.stateVersion', t('str', 'string'), 'The NixOS release the first install was made with.'),
  opt('programs.zsh.enable', t('bool', 'boolean'), 'Whether to configure zsh.'),
  opt('nix.settings.max-jobs', t('either', 'integer or value "auto"', { of: [t('int', 'signed integer'), t('enum', 'value "auto"', { values: ['auto'] })] }), 'Builds at once.'),
];

export const LAYER: KnowledgeLayer = {
  source: 'embedded',
  options: OPTIONS,
  renamed: [
    { path: ['hardware', 'opengl', 'enable'], to: ['hardware', 'graphics', 'enable'], since: '24.11', source: 'embedded' },
    { path: ['sound', 'enable'], removed: 'Sound servers are set up by their own modules: use `services.pipewire.enable`.', since: '24.05', source: 'embedded' },
  ],
  packages: [
    pkg('vim', 'The Vim text editor'),
    pkg('firefox', 'A web browser', { homepage: 'https://www.mozilla.org/firefox/', licenses: [{ spdxId: 'MPL-2.0', free: true }], mainProgram: 'firefox' }),
    pkg('git', 'Distributed version control'),
    pkg('htop', 'An interactive process viewer'),
    pkg('vscode', 'Code editor by Microsoft', { unfree: true, licenses: [{ shortName: 'unfree', free: false }] }),
    pkg('zsh', 'The Z shell'),
  ],
  lib: [
    { name: 'mkDefault', type: 'mkDefault :: a -> a', description: 'Gives a value a low priority: any plain definition elsewhere wins.', aliases: [] },
    { name: 'mkIf', type: 'mkIf :: Bool -> a -> a', description: 'Defines the value only when the condition holds.', aliases: [] },
    { name: 'mkForce', type: 'mkForce :: a -> a', description: 'Gives a value a high priority.', aliases: [] },
    { name: 'types.port', type: 'types.port :: OptionType', description: 'A port number.', aliases: [] },
    { name: 'types.str', type: 'types.str :: OptionType', description: 'A string.', aliases: [] },
  ],
};

/** The embedded-like (partial) index: option names it lacks may still be real. */
export const partialIndex = new NixosIndex([LAYER]);

/** The same facts, marked as a complete listing (as options.json or a live evaluation would be). */
export const completeIndex = new NixosIndex([{ ...LAYER, complete: { options: true, packages: true } }]);

/** The codes of the checks that read the index. */
export const NIXOS_CODES: ReadonlySet<string> = new Set(['unknown-option', 'option-type', 'renamed-option', 'removed-option', 'unknown-package', 'unfree-package']);
