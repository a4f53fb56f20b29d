// The workspace's declared options and the change check the server rebuilds its index on: a
// change that leaves the declarations as they were (a comment, a value) is no change.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceModules } from '../../server/src/knowledge/sources/workspaceModules.js';
import { parse } from '../../server/src/syntax/index.js';

const MODULE = (description: string, extra = '') => `{ lib, ... }: { options.my.thing = lib.mkOption { type = lib.types.str; default = "x"; description = "${description}"; }; ${extra} }\n`;

describe('the workspace modules source', () => {
  let dir: string;
  let a: string;
  let b: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-ws-modules-'));
    a = path.join(dir, 'a.nix');
    b = path.join(dir, 'b.nix');
    fs.writeFileSync(a, MODULE('First.'));
    fs.writeFileSync(b, '{ ... }: { networking.hostName = "x"; }\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads an open text's options from the tree it is given, the same as from the text", () => {
    const text = MODULE('Open.');
    const asked: string[] = [];
    const withTree = new WorkspaceModules().options([a, b], new Map([[a, text]]), 1_000_000, (file) => (asked.push(file), parse(text).tree));
    assert.deepEqual(asked, [a], 'asked for the open file only');
    assert.deepEqual(withTree, new WorkspaceModules().options([a, b], new Map([[a, text]])));
    assert.deepEqual(withTree.map((o) => o.description), ['Open.']);
  });

  it('says changed only when the declared options change', () => {
    const m = new WorkspaceModules();
    assert.deepEqual(m.options([a, b]).map((o) => o.description), ['First.']);
    assert.equal(m.changed, true, 'the first result');
    m.options([a, b]);
    assert.equal(m.changed, false, 'nothing read again');
    // an edit in the editor that keeps the declarations
    m.options([a, b], new Map([[a, MODULE('First.', '# a comment')]]));
    assert.equal(m.changed, false, 'a comment');
    const edited = m.options([a, b], new Map([[a, MODULE('Second.')]]));
    assert.equal(m.changed, true);
    assert.deepEqual(edited.map((o) => o.description), ['Second.']);
    m.options([a, b], new Map([[a, MODULE('Second.')]]));
    assert.equal(m.changed, false, 'the same text');
    // on disk: the file saved unchanged in substance, then with a new option
    fs.writeFileSync(b, '{ ... }: { networking.hostName = "y"; }\n');
    m.invalidate(b);
    m.options([a, b], new Map([[a, MODULE('Second.')]]));
    assert.equal(m.changed, false, 'a file that declares nothing, changed');
    fs.writeFileSync(a, MODULE('First.', '  '));
    m.invalidate(a);
    m.options([a, b]);
    assert.equal(m.changed, true, 'closed: the disk text (First.) again');
    fs.writeFileSync(a, MODULE('First.', '   '));
    m.invalidate(a);
    m.options([a, b]);
    assert.equal(m.changed, false, 'saved with the same declarations');
    m.options([b]);
    assert.equal(m.changed, true, 'a file gone');
  });
});
