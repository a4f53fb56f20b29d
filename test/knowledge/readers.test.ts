// The pure readers: the manual's type texts, options.json, renamed options, nix-env's package
// JSON, lib.json; and the embedded layer's sanity (its exact content is data, tested elsewhere).
import assert from 'node:assert/strict';
import { parseOptionType } from '../../server/src/knowledge/optionTypes.js';
import { readLibJson, readOptionsJson, readPackagesJson, readRenamedOptions } from '../../server/src/knowledge/readers.js';
import { embeddedIndex } from '../../server/src/knowledge/embedded.js';
import type { OptionType } from '../../server/src/knowledge/model.js';
import { expect } from '../support/expect.js';

/** A type as one line: kind, values, bounds, nested types in brackets. */
function show(t: OptionType): string {
  let s = t.kind;
  if (t.values) s += ` ${JSON.stringify(t.values)}`;
  if (t.min !== undefined || t.max !== undefined) s += ` ${t.min ?? ''}..${t.max ?? ''}`;
  if (t.of) s += `[${t.of.map(show).join(' | ')}]`;
  return s;
}

describe('knowledge readers', () => {
  it('reads the manual type texts', () => {
    const texts = [
      'boolean',
      'signed integer',
      '16 bit unsigned integer; between 0 and 65535 (both inclusive)',
      'integer between 1 and 10 (both inclusive)',
      'unsigned integer, meaning >=0',
      'null or string',
      'list of package',
      'attribute set of (submodule)',
      'list of (submodule)',
      'one of "a", "b"',
      'one of "yes", "no", 3, null',
      'string or signed integer',
      'null or (list of string)',
      'boolean or (list of (string or signed integer))',
      'strings concatenated with "\\n"',
      'package',
      'path',
      'absolute path',
      'function that evaluates to a(n) attribute set of string',
      'submodule',
      'value "x" (singular enum)',
      '(optionally newline-terminated) single-line string',
      'non-empty (list of non-empty string)',
      'something nobody wrote yet',
    ];
    expect`
      boolean -> bool
      signed integer -> int
      16 bit unsigned integer; between 0 and 65535 (both inclusive) -> port 0..65535
      integer between 1 and 10 (both inclusive) -> int 1..10
      unsigned integer, meaning >=0 -> int
      null or string -> nullOr[str]
      list of package -> list[package]
      attribute set of (submodule) -> attrs[submodule]
      list of (submodule) -> list[submodule]
      one of "a", "b" -> enum ["a","b"]
      one of "yes", "no", 3, null -> enum ["yes","no",3,null]
      string or signed integer -> either[str | int]
      null or (list of string) -> nullOr[list[str]]
      boolean or (list of (string or signed integer)) -> either[bool | list[either[str | int]]]
      strings concatenated with "\\n" -> lines
      package -> package
      path -> path
      absolute path -> path
      function that evaluates to a(n) attribute set of string -> function
      submodule -> submodule
      value "x" (singular enum) -> enum ["x"]
      (optionally newline-terminated) single-line string -> str
      non-empty (list of non-empty string) -> list[str]
      something nobody wrote yet -> anything
    `.assertEq(texts.map((t) => `${t} -> ${show(parseOptionType(t))}`).join('\n'));
  });

  it('keeps the text it read', () => {
    assert.equal(parseOptionType('null or (list of string)').of![0]!.text, '(list of string)');
  });

  it('reads options.json: defaults, examples, placeholders, declarations', () => {
    const options = readOptionsJson(
      {
        'services.openssh.enable': {
          declarations: ['nixos/modules/services/networking/ssh/sshd.nix'],
          description: 'Whether to run *sshd*.',
          type: 'boolean',
          default: { _type: 'literalExpression', text: 'false' },
          example: { _type: 'literalMD', text: 'see `sshd`' },
          readOnly: false,
          loc: ['services', 'openssh', 'enable'],
        },
        'users.users.<name>.shell': {
          declarations: [{ name: '<nixpkgs/nixos/modules/config/users-groups.nix>', url: 'https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/config/users-groups.nix' }],
          description: 'The shell.',
          type: 'null or (package or path)',
          default: 'pkgs.shadow',
        },
        'fileSystems.<name>."options"': { type: 'list of string', description: '', default: ['defaults'], readOnly: true },
        'swapDevices.*.device': { type: 'string', description: '' },
        'hidden.internal': { type: 'string', description: '', internal: true },
        'broken entry': 3,
      },
      'options.json',
    );
    expect`
      services.openssh.enable: bool default=false example=see \`sshd\` decl=nixos/modules/services/networking/ssh/sshd.nix "Whether to run *sshd*."
      users.users.<name>.shell: nullOr[either[package | path]] default="pkgs.shadow" decl=https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/config/users-groups.nix "The shell."
      fileSystems.<name>.options: list[str] default=[ "defaults" ] readOnly ""
      swapDevices.*.device: str ""
    `.assertEq(
      options
        .map((o) =>
          [
            `${o.path.join('.')}: ${show(o.type)}`,
            o.default !== undefined ? `default=${o.default}` : '',
            o.example !== undefined ? `example=${o.example}` : '',
            o.declarations.length ? `decl=${o.declarations.join(',')}` : '',
            o.readOnly ? 'readOnly' : '',
            JSON.stringify(o.description),
          ]
            .filter(Boolean)
            .join(' '),
        )
        .join('\n'),
    );
    assert.equal(options[0]!.source, 'options.json');
  });

  it('reads renamed and removed options', () => {
    const renamed = readRenamedOptions(
      {
        'hardware.opengl.enable': { to: 'hardware.graphics.enable', since: '24.11' },
        'services.foo.bar': { removed: 'Use services.baz instead.' },
        'bad.entry': { since: '1' },
      },
      'embedded',
    );
    assert.deepEqual(renamed, [
      { path: ['hardware', 'opengl', 'enable'], to: ['hardware', 'graphics', 'enable'], since: '24.11', source: 'embedded' },
      { path: ['services', 'foo', 'bar'], removed: 'Use services.baz instead.', source: 'embedded' },
    ]);
  });

  it('reads nix-env package JSON: licenses, unfree, markers', () => {
    const packages = readPackagesJson(
      {
        'nixpkgs.firefox': { name: 'firefox-130.0', pname: 'firefox', version: '130.0', meta: { description: 'A browser', homepage: 'https://www.mozilla.org', license: { spdxId: 'MPL-2.0', shortName: 'mpl20', free: true }, mainProgram: 'firefox' } },
        steam: { name: 'steam-1.0', meta: { license: [{ shortName: 'mit', free: true }, { shortName: 'unfreeRedistributable', free: false }] } },
        discord: { name: 'discord-0.0.1', meta: { unfree: true } },
        old: { name: 'old-1', meta: { broken: true, knownVulnerabilities: ['CVE-1'], homepage: ['https://a', 'https://b'] } },
        plain: { name: 'plain-1' },
      },
      'live',
    );
    expect`
      firefox firefox-130.0 v130.0 mpl20(free) https://www.mozilla.org bin=firefox
      steam steam-1.0 mit(free),unfreeRedistributable(unfree) UNFREE
      discord discord-0.0.1 UNFREE
      old old-1 https://a broken insecure
      plain plain-1
    `.assertEq(
      packages
        .map((p) =>
          [
            p.attrPath,
            p.name,
            p.version ? `v${p.version}` : '',
            p.licenses.map((l) => `${l.shortName}(${l.free ? 'free' : 'unfree'})`).join(','),
            p.homepage ?? '',
            p.mainProgram ? `bin=${p.mainProgram}` : '',
            p.unfree ? 'UNFREE' : '',
            p.broken ? 'broken' : '',
            p.insecure ? 'insecure' : '',
          ]
            .filter(Boolean)
            .join(' '),
        )
        .join('\n'),
    );
  });

  it('reads lib.json', () => {
    assert.deepEqual(readLibJson({ mkIf: { type: 'mkIf :: Bool -> a -> a', description: 'd', example: 'e', aliases: ['lib.modules.mkIf'] }, bad: 1 }), [
      { name: 'mkIf', type: 'mkIf :: Bool -> a -> a', description: 'd', example: 'e', aliases: ['lib.modules.mkIf'] },
    ]);
  });

  it('embeds a useful index', () => {
    const index = embeddedIndex();
    assert.ok(index.size.options > 400, `${index.size.options} options`);
    assert.ok(index.size.packages > 800, `${index.size.packages} packages`);
    assert.ok(index.size.lib > 150, `${index.size.lib} lib entries`);
    assert.equal(index.option(['services', 'openssh', 'enable'])?.type.kind, 'bool');
    assert.ok(index.package('firefox'));
    assert.ok(index.lib('mkIf'));
    assert.equal(embeddedIndex(), index, 'built once');
  });
});
