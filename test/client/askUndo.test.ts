// Telling Edit > Undo of Ask's edit from every other change (client/src/askUndo.ts). The events
// are built the way VS Code sends them: the changes of one event from the last to the first, each
// in the offsets of the text before the event. The real editor is in test/e2e (Ctrl+Z, Ctrl+Y).
import assert from 'node:assert/strict';
import { AskUndoWatch, hearChange, watchDocument, type ChangeReason, type OffsetEdit, type TextChange } from '../../client/src/askUndo';

const BEFORE = `{ pkgs, ... }:
{
  services.openssh.enable = false;
  environment.systemPackages = with pkgs; [
    git
  ];
  system.stateVersion = "24.05";
}
`;

/** A document in the editor: its text, its version, and the watches that hear its changes. */
class Doc {
  version = 1;
  constructor(
    readonly uri: string,
    public text: string,
  ) {}

  /** Applies `edits` (offsets in the current text) as one event, as the editor would. */
  change(edits: readonly OffsetEdit[], reason: ChangeReason, watch?: AskUndoWatch) {
    const changes: TextChange[] = [...edits].sort((a, b) => b.start - a.start).map((e) => ({ offset: e.start, length: e.end - e.start, text: e.newText }));
    for (const c of changes) this.text = this.text.slice(0, c.offset) + c.text + this.text.slice(c.offset + c.length);
    this.version++;
    return watch?.hear(this.uri, this.version, changes, reason, () => this.text);
  }

  at(s: string, from = 0): number {
    const i = this.text.indexOf(s, from);
    assert.ok(i >= 0, `no ${s} in ${this.text}`);
    return i;
  }
}

/** Ask's edit of BEFORE: SSH on, firefox after git. Returns the document and its watch. */
function asked(uri = 'file:///c.nix', text = BEFORE) {
  const doc = new Doc(uri, text);
  const ssh = doc.at('false');
  const list = doc.at('  ];');
  const edits: OffsetEdit[] = [
    { start: ssh, end: ssh + 'false'.length, newText: 'true' },
    { start: list, end: list, newText: '    firefox\n' },
  ];
  const before = doc.text;
  doc.change(edits, 'edit');
  const w = watchDocument(before, edits, doc.text, doc.version);
  assert.ok(w, 'watched');
  return { doc, w, edits, before, after: doc.text };
}

/** Edit > Undo of Ask's edit, as one event of the inverse changes. */
function undoEdits(doc: Doc) {
  const ssh = doc.at('true;');
  const firefox = doc.at('    firefox\n');
  return [
    { start: ssh, end: ssh + 4, newText: 'false' },
    { start: firefox, end: firefox + '    firefox\n'.length, newText: '' },
  ];
}
function redoEdits(doc: Doc) {
  const ssh = doc.at('false;');
  const list = doc.at('  ];');
  return [
    { start: ssh, end: ssh + 5, newText: 'true' },
    { start: list, end: list, newText: '    firefox\n' },
  ];
}

describe('Ask: hearing Edit > Undo of its edit', () => {
  it('an undo that restores exactly what Ask replaced is heard once; a redo takes it back; then again', () => {
    const { doc, w, before, after } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), 'undone');
    assert.equal(doc.text, before);
    assert.equal(doc.change(redoEdits(doc), 'redo', watch), 'redone');
    assert.equal(doc.text, after);
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), 'undone');
    assert.equal(watch.stopped, false);
  });

  it('the same changes not marked as an undo (the message\'s Undo button, typing) are no undo, and end the watch', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    assert.equal(doc.change(undoEdits(doc), 'edit', watch), undefined);
    assert.equal(watch.stopped, true);
    assert.equal(doc.change(redoEdits(doc), 'redo', watch), undefined, 'nothing heard after the watch ended');
  });

  it('an undo of the person\'s own edit elsewhere records nothing; the pieces move with it; Ask\'s undo after it is heard', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    // A line typed above everything Ask wrote, then taken back with Edit > Undo.
    const typing = '\n  networking.hostName = "laptop";';
    const at = doc.at('{\n') + 1; // Enter at the end of the line before, then the text
    assert.equal(doc.change([{ start: at, end: at, newText: typing }], 'edit', watch), undefined);
    assert.equal(doc.change([{ start: at, end: at + typing.length, newText: '' }], 'undo', watch), undefined);
    // And one below it: the pieces before it stay where they are.
    const end = doc.text.lastIndexOf('}');
    assert.equal(doc.change([{ start: end, end: end, newText: '# end\n' }], 'edit', watch), undefined);
    assert.equal(hearChange(w, [], 'undo', () => doc.text), 'moved', 'an event without changes (a save) changes nothing');
    assert.equal(watch.stopped, false);
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), 'undone');
    assert.match(doc.text, /enable = false;/);
    assert.doesNotMatch(doc.text, /firefox/);
  });

  it('a change to the lines Ask wrote ends the watch: a later undo there is no longer only Ask\'s', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    const eol = doc.at('true;') + 'true;'.length;
    assert.equal(doc.change([{ start: eol, end: eol, newText: ' # on' }], 'edit', watch), undefined);
    assert.equal(watch.stopped, true);
    assert.equal(doc.change([{ start: eol, end: eol + 5, newText: '' }], 'undo', watch), undefined);
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), undefined, 'stopped: nothing heard');
  });

  it('an undo that restores only part of Ask\'s edit, or restores it differently, is not heard', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    // Only the SSH half.
    const ssh = doc.at('true;');
    assert.equal(doc.change([{ start: ssh, end: ssh + 4, newText: 'false' }], 'undo', watch), undefined);
    assert.equal(watch.stopped, true);
    // A change inside a piece that leaves it holding other text.
    const again = asked();
    const watch2 = new AskUndoWatch(new Map([[again.doc.uri, again.w]]));
    const at = again.doc.at('true;');
    assert.equal(again.doc.change([{ start: at, end: at + 4, newText: 'fals' }], 'undo', watch2), undefined);
  });

  it('an undo the editor made smaller (only the characters that differ) is still Ask\'s', () => {
    const doc = new Doc('file:///d.nix', '{\n  a = "hello world";\n}\n');
    const start = doc.at('"hello world"');
    const edits = [{ start, end: start + '"hello world"'.length, newText: '"hello there"' }];
    const before = doc.text;
    doc.change(edits, 'edit');
    const watch = new AskUndoWatch(new Map([[doc.uri, watchDocument(before, edits, doc.text, doc.version)!]]));
    const t = doc.at('there');
    assert.equal(doc.change([{ start: t, end: t + 5, newText: 'world' }], 'undo', watch), 'undone');
    assert.equal(doc.text, before);
  });

  it('an edit while Ask\'s edit is undone drops the redo: the watch ends and the undone stays told', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), 'undone');
    assert.equal(doc.change([{ start: 0, end: 0, newText: '# hi\n' }], 'edit', watch), undefined);
    assert.equal(watch.stopped, true);
    assert.equal(doc.change(redoEdits(doc), 'redo', watch), undefined);
  });

  it('a redo and then another edit to those lines ends the watch (the redo\'s take-back stands)', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), 'undone');
    assert.equal(doc.change(redoEdits(doc), 'redo', watch), 'redone');
    const f = doc.at('firefox');
    assert.equal(doc.change([{ start: f, end: f + 7, newText: 'firefox-esr' }], 'edit', watch), undefined);
    assert.equal(watch.stopped, true);
  });

  it('events from before the watch began (Ask\'s own edit arriving late) are not heard', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    const changes = undoEdits(doc).sort((a, b) => b.start - a.start).map((e) => ({ offset: e.start, length: e.end - e.start, text: e.newText }));
    assert.equal(watch.hear(doc.uri, w.version, changes, 'undo', () => BEFORE), undefined);
    assert.equal(watch.hear('file:///other.nix', w.version + 1, changes, 'undo', () => BEFORE), undefined);
    assert.equal(watch.stopped, false);
  });

  it('over several documents: heard once all of them are undone; a redo of one takes it back', () => {
    const a = asked('file:///a.nix');
    const b = asked('file:///b.nix');
    const watch = new AskUndoWatch(new Map([[a.doc.uri, a.w], [b.doc.uri, b.w]]));
    assert.equal(a.doc.change(undoEdits(a.doc), 'undo', watch), undefined, 'one file alone is not the request undone');
    assert.equal(b.doc.change(undoEdits(b.doc), 'undo', watch), 'undone');
    assert.equal(a.doc.change(redoEdits(a.doc), 'redo', watch), 'redone');
    assert.equal(b.doc.change(redoEdits(b.doc), 'redo', watch), undefined, 'told once');
  });

  it('a document closing ends the watch', () => {
    const { doc, w } = asked();
    const watch = new AskUndoWatch(new Map([[doc.uri, w]]));
    watch.close('file:///elsewhere.nix');
    assert.equal(watch.stopped, false);
    watch.close(doc.uri);
    assert.equal(watch.stopped, true);
    assert.equal(doc.change(undoEdits(doc), 'undo', watch), undefined);
  });

  it('edits that touch (a comment removed where a line is written) are one piece, undone as one change', () => {
    const doc = new Doc('file:///e.nix', '{\n  # enable ssh\n  x = 1;\n}\n');
    const c = doc.at('  # enable ssh\n');
    const end = c + '  # enable ssh\n'.length;
    const edits = [
      { start: end, end, newText: '  services.openssh.enable = true;\n' },
      { start: c, end, newText: '' },
    ];
    const before = doc.text;
    doc.change(edits, 'edit');
    assert.equal(doc.text, '{\n  services.openssh.enable = true;\n  x = 1;\n}\n');
    const watch = new AskUndoWatch(new Map([[doc.uri, watchDocument(before, edits, doc.text, doc.version)!]]));
    const s = doc.at('  services');
    assert.equal(doc.change([{ start: s, end: s + '  services.openssh.enable = true;\n'.length, newText: '  # enable ssh\n' }], 'undo', watch), 'undone');
    assert.equal(doc.text, before);
  });

  it('no watch when the document does not hold what the edit gives (the editor changed the line ends)', () => {
    const before = '{\r\n  a = 1;\r\n}\r\n';
    const edits = [{ start: 13, end: 13, newText: '  b = 2;\n' }];
    assert.equal(watchDocument(before, edits, '{\r\n  a = 1;\r\n  b = 2;\r\n}\r\n', 2), undefined);
    assert.ok(watchDocument(before, edits, '{\r\n  a = 1;\r\n  b = 2;\n}\r\n', 2));
  });
});
