// Taking things away the way a careful NixOS expert would: a desktop turned off takes along what
// turning it on set when nothing left uses it (and keeps what another desktop needs); "remove X"
// is what the configuration has, the package or the service. Whole files, each edit parsed,
// analysed with no new findings, and asked again to check nothing more changes.
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/index.js';
import { computeDiagnostics } from '../../server/src/ide/diagnostics/index.js';
import { ask, type Answer } from '../../server/src/intent/index.js';
import { applyEdits, parse } from '../../server/src/syntax/index.js';
import { testIndex } from './support.js';

const FILE = '/etc/nixos/configuration.nix';
const findings = (text: string) => computeDiagnostics(analyze(text)).map((d) => `${d.code}: ${d.message}`);
const answer = (src: string, request: string): Answer => ask(request, { files: new Map([[FILE, src]]), root: FILE }, testIndex());

// `again`: asking again changes nothing. Not after a removal that leaves the other reading there
// ("remove emacs" twice: the package, then the service that is still on).
function edited(src: string, request: string, again = true): { out: string; a: Answer } {
  const a = answer(src, request);
  assert.deepEqual(a.understanding.unknown, []);
  const out = a.plan.files.length ? applyEdits(src, a.plan.files[0]!.edits) : src;
  assert.deepEqual(parse(out).errors, [], out);
  const before = new Set(findings(src));
  assert.deepEqual(findings(out).filter((f) => !before.has(f)), [], out);
  if (again) assert.equal(answer(out, request).plan.changed, false, 'asking again changes more');
  return { out, a };
}

const notes = (a: Answer) => a.understanding.intents.flatMap((i) => i.notes).join(' ');

const XFCE = '{\n  services.xserver.enable = true;\n  services.xserver.displayManager.lightdm.enable = true;\n  services.xserver.desktopManager.xfce.enable = true;\n}\n';

describe('intent: turning a desktop off', function () {
  it('alone, it takes its login screen and the X server along, and says so', function () {
    const { out, a } = edited(XFCE, 'turn off xfce');
    assert.equal(out, XFCE.replace(/= true;/g, '= false;'));
    assert.match(notes(a), /Nothing else uses them now: also turning off the LightDM login screen .* and the X server/);
  });

  it('with another desktop on, what that one uses stays, and it says why', function () {
    const src = XFCE.replace('  services.xserver.desktopManager.xfce', '  services.xserver.desktopManager.cinnamon.enable = true;\n  services.xserver.desktopManager.xfce');
    const { out, a } = edited(src, 'disable xfce');
    assert.equal(out, src.replace('xfce.enable = true', 'xfce.enable = false'));
    assert.match(notes(a), /Keeping the LightDM login screen and the X server: the Cinnamon desktop is still on/);
  });

  it('a window manager still on keeps the login screen and the X server', function () {
    const src = XFCE.replace('}\n', '  services.xserver.windowManager.i3.enable = true;\n}\n');
    const { out, a } = edited(src, 'get rid of the xfce desktop');
    assert.equal(out, src.replace('xfce.enable = true', 'xfce.enable = false'));
    assert.match(notes(a), /i3 window manager is still on/);
  });

  it('GNOME off takes GDM and the X server along when nothing else is on', function () {
    const src = '{\n  services.xserver.enable = true;\n  services.displayManager.gdm.enable = true;\n  services.desktopManager.gnome.enable = true;\n}\n';
    assert.equal(edited(src, 'remove gnome').out, src.replace(/= true;/g, '= false;'));
  });

  it('GNOME off keeps GDM when Plasma is still on (it greets into Plasma now)', function () {
    const src = '{\n  services.displayManager.gdm.enable = true;\n  services.desktopManager.gnome.enable = true;\n  services.desktopManager.plasma6.enable = true;\n}\n';
    assert.equal(edited(src, 'turn off gnome').out, src.replace('gnome.enable = true', 'gnome.enable = false'));
  });

  it('a desktop turned on in the same request keeps what it uses', function () {
    const { out, a } = edited(XFCE, 'turn off xfce and turn on cinnamon');
    assert.equal(out, XFCE.replace('xfce.enable = true;\n', 'xfce.enable = false;\n  services.xserver.desktopManager.cinnamon.enable = true;\n'));
    assert.match(notes(a), /Leaving the login screen and the X server to the desktop turned on in the same request/);
    assert.doesNotMatch(notes(a), /Nothing else uses/);
  });

  it('nothing left on that it set: only the desktop goes', function () {
    const src = '{\n  services.xserver.desktopManager.xfce.enable = true;\n}\n';
    assert.equal(edited(src, 'turn off xfce').out, src.replace('= true', '= false'));
  });
});

describe('intent: "remove X" is what the configuration has', function () {
  it('the service when it is on and the package is not in the list; the package is the alternative', function () {
    const src = '{ pkgs, ... }:\n{\n  services.emacs.enable = true;\n  environment.systemPackages = [ pkgs.git ];\n}\n';
    const { out, a } = edited(src, 'remove emacs');
    assert.equal(out, src.replace('services.emacs.enable = true', 'services.emacs.enable = false'));
    assert.equal(a.understanding.alternatives[0]![0]!.intent.summary, 'remove emacs');
  });

  it('the package when it is in the list, even with the service on', function () {
    const src = '{ pkgs, ... }:\n{\n  services.emacs.enable = true;\n  environment.systemPackages = [ pkgs.git pkgs.emacs ];\n}\n';
    const { out, a } = edited(src, 'remove emacs', false);
    assert.equal(out, src.replace(' pkgs.emacs', ''));
    assert.equal(a.understanding.alternatives[0]![0]!.intent.summary, 'turn off services.emacs');
    // Asked again, what is left is the service.
    assert.equal(answer(out, 'remove emacs').understanding.intents[0]!.summary, 'turn off services.emacs');
  });

  it('neither there: the package first, the service the next reading, with why', function () {
    const a = answer('{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git ];\n}\n', 'remove emacs');
    assert.equal(a.understanding.intents[0]!.summary, 'remove emacs');
    const next = a.understanding.alternatives[0]![0]!;
    assert.equal(next.intent.summary, 'turn off services.emacs');
    assert.match(next.reason, /the emacs service \(services\.emacs\.enable\), not the package/);
    assert.equal(a.plan.changed, false);
  });

  it('a feature that is not on, its package in the list: the package goes', function () {
    const src = '{ pkgs, ... }:\n{\n  environment.systemPackages = [ pkgs.git pkgs.docker ];\n}\n';
    const { out, a } = edited(src, 'remove docker');
    assert.equal(out, src.replace(' pkgs.docker', ''));
    assert.equal(a.understanding.alternatives[0]![0]!.intent.summary, 'turn off Docker');
  });

  it('a feature that is on goes, its package the alternative', function () {
    const src = '{ pkgs, ... }:\n{\n  virtualisation.docker.enable = true;\n  environment.systemPackages = [ pkgs.docker ];\n}\n';
    const { out, a } = edited(src, 'remove docker', false);
    assert.equal(out, src.replace('docker.enable = true', 'docker.enable = false'));
    assert.equal(a.understanding.alternatives[0]![0]!.intent.summary, 'remove docker');
  });
});
