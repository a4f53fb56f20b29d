import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requireTool } from '../support/tools';

const root = path.resolve(import.meta.dirname, '../..');

describe('flake.nix', () => {
  before(() => requireTool('nix-instantiate'));

  it('parses with nix-instantiate --parse', () => {
    execFileSync('nix-instantiate', ['--parse', path.join(root, 'flake.nix')], { stdio: 'pipe' });
  });

  it('offers the CLI, the VSIX, a vscode-extension and a dev shell with Node 20 and Nix', () => {
    const json = execFileSync(
      'nix-instantiate',
      ['--eval', '--strict', '--json', path.join(root, 'test-fixtures/flake-check/evaluate-outputs.nix'),
        '--arg', 'flakeDir', root],
      { encoding: 'utf8' },
    );
    const out = JSON.parse(json);
    const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    assert.deepEqual(out.packages, ['default', 'knowledge', 'nix-humanity', 'vscode-extension', 'vsix']);
    assert.deepEqual(out.systems, ['aarch64-darwin', 'aarch64-linux', 'x86_64-darwin', 'x86_64-linux']);
    assert.equal(out.cliBuilder, 'buildNpmPackage');
    assert.equal(out.cliVersion, version);
    assert.equal(out.cliNodejs, '/nix/store/stand-in-nodejs-20');
    assert.match(out.cliInstall, /makeWrapper \/nix\/store\/stand-in-nodejs-20\/bin\/node \$out\/bin\/nix-humanity/);
    assert.equal(out.npmRootIsSelf, true, 'dependencies must come from the repository lock file');
    assert.match(out.vsixInstall, new RegExp(`vsce package --no-dependencies --no-rewrite-relative-links\\s+\\\\?\\s*--out \\$out/nix-humanity-${version.replace(/\./g, '\\.')}\\.vsix`));
    // The vsix embeds the pinned nixpkgs' options and packages where the server's options.json source looks.
    assert.match(out.vsixInstall, /cp \/nix\/store\/stand-in-runCommand\/options\.json \/nix\/store\/stand-in-runCommand\/packages\.json dist\/knowledge\/\n[\s\S]*vsce package/);
    // ... with their rows built in the same step, before packaging (no first-start conversion).
    assert.match(out.vsixInstall, /dist\/knowledge\/\n(?:\s*#.*\n)*\s*node dist\/options-json-worker\.cjs dist\/knowledge\/options\.json\n[\s\S]*vsce package/);
    // ... and only the rows are packaged (the server reads nothing else; the JSON is 43 MB at full size).
    assert.match(out.vsixInstall, /node dist\/options-json-worker\.cjs dist\/knowledge\/options\.json\n\s*rm dist\/knowledge\/options\.json dist\/knowledge\/packages\.json\n[\s\S]*vsce package/);
    assert.match(out.knowledgeScript, /cp \/nix\/store\/stand-in-optionsJSON-x86_64-linux\/share\/doc\/nixos\/options\.json \$out\/options\.json/);
    assert.match(out.knowledgeScript, /nix-env -f \/nix\/store\/stand-in-nixpkgs -I nixpkgs=\/nix\/store\/stand-in-nixpkgs -qaP --json --meta/);
    assert.deepEqual(out.knowledgeInputs, ['nix']);
    assert.equal(out.extensionId, 'nix-for-humanity.nix-humanity');
    assert.match(out.extensionInstall, /share\/vscode\/extensions\/nix-for-humanity\.nix-humanity/);
    assert.equal(out.defaultIsCli, true);
    assert.match(out.app, /\/bin\/nix-humanity$/);
    assert.ok(out.devShellPackages.includes('/nix/store/stand-in-nodejs-20'));
    assert.ok(out.devShellPackages.includes('nix'));
  });
});
