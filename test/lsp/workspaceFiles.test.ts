// The folders' .nix files are walked once for workspace symbols and the knowledge's workspace
// modules together: the list is kept until a file event (or new folders) asks for a new walk.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex.js';

describe('the workspace file list', () => {
  it('is walked once, and again after a rescan or new folders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nh-ws-files-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.nix'), '{ a = 1; }\n');
      const index = new WorkspaceIndex(() => 1_000_000);
      index.setFolders([pathToFileURL(dir).href]);
      const first = index.nixFiles();
      assert.deepEqual(first.map((f) => path.basename(f)), ['a.nix']);
      fs.writeFileSync(path.join(dir, 'b.nix'), '{ b = 2; }\n');
      assert.equal(index.nixFiles(), first, 'the same list, no walk');
      assert.equal((await index.files(new Map())).length, 1, 'symbols use that list too');
      index.rescan();
      assert.deepEqual(index.nixFiles().map((f) => path.basename(f)).sort(), ['a.nix', 'b.nix']);
      assert.equal((await index.files(new Map())).length, 2);
      fs.rmSync(path.join(dir, 'a.nix'));
      index.setFolders([pathToFileURL(dir).href]);
      assert.deepEqual(index.nixFiles().map((f) => path.basename(f)), ['b.nix']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
