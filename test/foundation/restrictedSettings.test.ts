// Settings that decide which process starts, or with which arguments, are restricted: an
// untrusted folder's value is ignored (issue 15: `server.extraArgs` could stop the server).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: { configuration: { properties: Record<string, unknown> } | Array<{ properties: Record<string, unknown> }> };
};

describe('restricted settings', () => {
  it('lists every setting that starts a process or passes it arguments', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const s of ['nixHumanity.server.path', 'nixHumanity.server.extraArgs', 'nixHumanity.nix.path', 'nixHumanity.formatter.command']) {
      assert.ok(restricted.includes(s), `${s} is not restricted`);
    }
    const configuration = manifest.contributes.configuration;
    const declared = new Set((Array.isArray(configuration) ? configuration : [configuration]).flatMap((c) => Object.keys(c.properties)));
    for (const s of restricted) assert.ok(declared.has(s), `${s} is restricted but not declared`);
  });

  it('the client takes server.extraArgs from a trusted folder only, else the user setting', () => {
    const source = readFileSync(path.join(root, 'client/src/extension.ts'), 'utf8');
    assert.match(source, /isTrusted\s*\?\s*config\.get<string\[\]>\('server\.extraArgs'/);
    assert.match(source, /inspect<string\[\]>\('server\.extraArgs'\)\?\.globalValue/);
  });
});
