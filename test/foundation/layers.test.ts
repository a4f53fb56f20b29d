// The layers, lowest first: syntax; analysis, knowledge; ide, intent; system; lsp; cli. A module
// imports its own layer and lower ranks only, the core does no IO (but knowledge/sources/, which
// the pure core never imports), only system/exec.ts runs processes, the protocol module stands
// alone and the client sees only it. The rules live in
// test/support/layers.ts; each is shown here to fail on a made-up tree before the real tree is checked.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayers, formatViolation, importsOf, type Rule, type SourceFile } from '../support/layers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

const read = (p: string): SourceFile => ({ path: p, text: readFileSync(path.join(ROOT, p), 'utf8') });

/** The rules broken, as `file rule` lines, so a failure shows what was (not) caught. */
function broken(files: SourceFile[]): string[] {
  return checkLayers(files).map((v) => `${v.file} ${v.rule}`);
}

function file(p: string, ...lines: string[]): SourceFile {
  return { path: p, text: lines.join('\n') + '\n' };
}

describe('layers', () => {
  describe('the checker (test of the test)', () => {
    const kinds = read('server/src/syntax/kinds.ts');
    const withLine = (line: string): SourceFile => ({ path: kinds.path, text: `${line}\n${kinds.text}` });

    it('passes syntax/kinds.ts as it is', () => {
      assert.deepEqual(broken([kinds]), []);
    });

    it('catches the three additions the old test let through', () => {
      assert.deepEqual(broken([withLine('import type { Analysis } from "../analysis/index.js";')]), [
        'server/src/syntax/kinds.ts rank',
      ]);
      assert.deepEqual(broken([withLine('import "node:fs";')]), ['server/src/syntax/kinds.ts core-node']);
      assert.deepEqual(broken([withLine("import { type TextEdit } from '../ide/types.js';")]), [
        'server/src/syntax/kinds.ts rank',
      ]);
    });

    it('reads every form of import, and only code', () => {
      const text = [
        "import a from './a.js';",
        "import type { B } from './b';",
        "import './c.js';",
        'import {',
        '  d1,',
        '  type d2,',
        "} from './d.js';",
        "export * from './e.js';",
        "export type { F } from './f.js';",
        "export { g as h } from './g.js';",
        "const i = await import('./i.js');",
        "const j = require('./j');",
        "type K = typeof import('./k.js');",
        "import * as l from './l.js';",
        '// import x from "./comment.js";',
        "/* require('./block.js') */",
        "const s = \"import y from './string.js'\";",
        "const t = `import z from './template.js' ${x.map((u) => `${u}`)}`;",
        "const r = /import w from '\\.\\/regex.js'/;",
        'export { m };',
        'const n = import.meta.url;',
        "const o = x.require('./property.js');",
      ].join('\n');
      assert.deepEqual(
        importsOf(text).map((r) => `${r.line} ${r.kind} ${r.spec}`),
        [
          '1 static ./a.js',
          '2 type ./b',
          '3 side-effect ./c.js',
          '4 static ./d.js',
          '8 export-from ./e.js',
          '9 export-from ./f.js',
          '10 export-from ./g.js',
          '11 dynamic ./i.js',
          '12 require ./j',
          '13 dynamic ./k.js',
          '14 static ./l.js',
        ],
      );
    });

    const cases: { rule: Rule; fails: SourceFile[]; passes: SourceFile[] }[] = [
      {
        rule: 'rank',
        fails: [
          file('server/src/analysis/model.ts', "import { hover } from '../ide/hover.js';"),
          file('server/src/ide/x.ts', 'import {', '  run,', "} from '../system/exec';"),
          file('server/src/system/x.ts', "export * from '../lsp/server';"),
          file('server/src/lsp/x.ts', "const m = await import('../cli/main.js');"),
          file('server/src/knowledge/x.ts', "import type { Hover } from '../ide/hover.js';"),
          file('server/src/syntax/x.ts', "import '../analysis/index.js';"),
        ],
        passes: [
          file('server/src/analysis/model.ts', "import { parse } from '../syntax/index.js';", "import { x } from './resolver.js';"),
          file('server/src/cli/x.ts', "import { run } from '../system/exec';", "import { hover } from '../ide/hover';"),
          file('server/src/lsp/x.ts', "import { plan } from '../system/rebuild/plan';", "import { analyze } from '../analysis';"),
          file('server/src/intent/x.ts', "import { search } from '../knowledge/search';"),
        ],
      },
      {
        rule: 'sibling',
        fails: [
          file('server/src/analysis/x.ts', "import { options } from '../knowledge/options.js';"),
          file('server/src/knowledge/x.ts', "import type { Analysis } from '../analysis/index.js';"),
          file('server/src/ide/x.ts', "import { plan } from '../intent/plan.js';"),
          file('server/src/intent/x.ts', "import { hover } from '../ide/hover.js';"),
        ],
        passes: [file('server/src/ide/x.ts', "import { options } from '../knowledge/options.js';", "import { y } from './y.js';")],
      },
      {
        rule: 'cli-lsp',
        fails: [file('server/src/cli/commands/check.ts', "import { DocumentState } from '../../lsp/documents';")],
        passes: [file('server/src/cli/commands/lsp.ts', "import { startStdio } from '../../lsp/stdio.js';")],
      },
      {
        rule: 'core-node',
        fails: [
          file('server/src/syntax/x.ts', "import { readFileSync } from 'fs';"),
          file('server/src/analysis/x.ts', "import type { PathLike } from 'node:fs';"),
          file('server/src/ide/x.ts', "import path from 'node:path';"),
          file('server/src/knowledge/x.ts', "import { promisify } from 'util';"),
          file('server/src/intent/x.ts', "export { join } from 'path';"),
        ],
        passes: [
          file('server/src/system/x.ts', "import { readFileSync } from 'node:fs';"),
          file('server/src/knowledge/sources/y.ts', "import type { Options } from '../options.js';"),
        ],
      },
      {
        rule: 'core-vscode',
        fails: [
          file('server/src/ide/x.ts', "import type { Hover } from 'vscode-languageserver';"),
          file('server/src/syntax/x.ts', "import { TextDocument } from 'vscode-languageserver-textdocument';"),
          file('server/src/analysis/x.ts', "import * as vscode from 'vscode';"),
          file('server/src/knowledge/sources/x.ts', "import type { Hover } from 'vscode-languageserver';"),
        ],
        passes: [
          file('server/src/lsp/x.ts', "import { createConnection } from 'vscode-languageserver/node';"),
          file('client/src/x.ts', "import * as vscode from 'vscode';"),
        ],
      },
      {
        rule: 'core-io',
        fails: [
          file('server/src/syntax/x.ts', 'export const home = process.env.HOME;'),
          file('server/src/ide/x.ts', 'setTimeout(() => 0, 10);'),
          file('server/src/knowledge/x.ts', "export const get = () => fetch('https://example.invalid');"),
          file('server/src/analysis/x.ts', "const fs = require('some-package');"),
        ],
        passes: [
          file(
            'server/src/syntax/x.ts',
            '// process.env is read by the server, not here; setTimeout too.',
            "const s = 'process.exit() and setInterval(f)';",
            'const t = options.process.fetch;',
            'const k = { process: 1, fetch: 2 };',
          ),
          file('server/src/lsp/x.ts', 'setTimeout(() => process.exit(0), 10);'),
        ],
      },
      {
        rule: 'sources',
        fails: [
          file('server/src/knowledge/search.ts', "import { readOptions } from './sources/options.js';"),
          file('server/src/ide/hover.ts', "import type { Loaded } from '../knowledge/sources/builtins';"),
          file('server/src/intent/x.ts', "export * from '../knowledge/sources/index.js';"),
        ],
        passes: [
          file('server/src/knowledge/sources/options.ts', "import { readFile } from 'node:fs/promises';", "import type { Options } from '../options.js';"),
          file('server/src/lsp/x.ts', "import { readOptions } from '../knowledge/sources/options.js';"),
          file('server/src/system/x.ts', "import { readOptions } from '../knowledge/sources/options.js';"),
        ],
      },
      {
        rule: 'exec-only',
        fails: [
          file('server/src/system/rebuild/runner.ts', "import { execa } from 'execa';"),
          file('server/src/lsp/x.ts', "import { spawn } from 'node:child_process';"),
          file('client/src/x.ts', "import { spawn } from 'child_process';"),
          file('server/src/cli/x.ts', "import type { Options } from 'execa';"),
          file('server/src/ide/x.ts', "import { execFile } from 'node:child_process';"),
          file('server/src/knowledge/sources/nix.ts', "import { execFile } from 'node:child_process';"),
        ],
        passes: [file('server/src/system/exec.ts', "import { execa } from 'execa';", "import { spawn } from 'node:child_process';")],
      },
      {
        rule: 'protocol-pure',
        fails: [
          file('server/src/protocol/messages.ts', "import type { TextRange } from '../syntax/textEdit.js';"),
          file('server/src/protocol/events.ts', "export type { RebuildEvent } from '../system/rebuild/events';"),
        ],
        passes: [
          file(
            'server/src/protocol/messages.ts',
            "import { RequestType } from 'vscode-languageserver-protocol';",
            "import type { RebuildEvent } from './events.js';",
          ),
        ],
      },
      {
        rule: 'protocol-users',
        fails: [
          file('server/src/ide/x.ts', "import type { Plan } from '../protocol/index.js';"),
          file('server/src/syntax/x.ts', "import '../protocol/messages';"),
          file('server/src/analysis/x.ts', "import type { Plan } from '../protocol/index.js';"),
        ],
        passes: [
          file('server/src/system/x.ts', "import type { Plan } from '../protocol/index.js';"),
          file('server/src/lsp/x.ts', "import { PLAN } from '../protocol/messages';"),
          file('server/src/cli/x.ts', "import type { Plan } from '../protocol/index.js';"),
          file('client/src/x.ts', "import { PLAN } from '../../server/src/protocol/messages';"),
        ],
      },
      {
        rule: 'client-server',
        fails: [
          file('client/src/x.ts', "import { listGenerations } from '../../server/src/system/generations';"),
          file('client/src/y.ts', "import type { InitializationOptions } from '../../server/src/lsp/protocol';"),
          file('server/src/lsp/x.ts', "import { activate } from '../../../client/src/extension';"),
        ],
        passes: [file('client/src/x.ts', "import type { Plan } from '../../server/src/protocol';", "import { y } from './y';")],
      },
      {
        rule: 'root-leaf',
        fails: [file('server/src/version.ts', "import { SyntaxKind } from './syntax/kinds';")],
        passes: [
          file('server/src/version.ts', "export const VERSION = '0.1.0';"),
          file('server/src/lsp/x.ts', "import { VERSION } from '../version';"),
          file('server/src/cli/x.ts', "import { VERSION } from '../version';"),
        ],
      },
      {
        rule: 'unlayered',
        fails: [file('server/src/util/strings.ts', 'export const x = 1;')],
        passes: [file('server/src/knowledge/strings.ts', 'export const x = 1;')],
      },
      {
        rule: 'cycle',
        fails: [
          file('server/src/syntax/parser.ts', "import { check } from './checks.js';"),
          file('server/src/syntax/checks.ts', "import type { Parser } from './parser.js';"),
          file('server/src/lsp/a.ts', "import { b } from './b';"),
          file('server/src/lsp/b.ts', "export { c } from './c';"),
          file('server/src/lsp/c.ts', "import type { A } from './a';"),
        ],
        passes: [
          file('server/src/syntax/parser.ts', "import { check } from './checks.js';"),
          file('server/src/syntax/checks.ts', "import type { Tree } from './tree.js';"),
          file('server/src/syntax/tree.ts', 'export type Tree = {};'),
        ],
      },
    ];

    for (const c of cases) {
      it(`rule ${c.rule}: reports what breaks it, passes what keeps it`, () => {
        const reported = checkLayers(c.fails);
        if (c.rule === 'cycle') {
          assert.deepEqual(
            reported.map((v) => `${v.rule} ${v.what}`),
            [
              'cycle imports in a cycle: server/src/lsp/a.ts -> server/src/lsp/b.ts -> server/src/lsp/c.ts -> server/src/lsp/a.ts',
              'cycle imports in a cycle: server/src/syntax/checks.ts -> server/src/syntax/parser.ts -> server/src/syntax/checks.ts',
            ],
          );
        } else {
          // Each failing file is reported once, under this rule and no other.
          assert.deepEqual(broken(c.fails), c.fails.map((f) => `${f.path} ${c.rule}`));
        }
        for (const v of reported) {
          const line = formatViolation(v);
          assert.ok(line.startsWith(`${v.file}:${v.line} `) && line.includes(`[${c.rule}]`), line);
        }
        assert.deepEqual(broken(c.passes), []);
      });
    }
  });

  describe('the real tree', () => {
    const files = [...sources('server/src'), ...sources('client/src')].map(read);

    it('finds the sources', () => {
      assert.ok(files.length > 80, `only ${files.length} files`);
    });

    it('keeps every layer rule', () => {
      const lines = checkLayers(files).map(formatViolation);
      assert.equal(lines.length, 0, `${lines.length} layer violations:\n${lines.join('\n')}`);
    });
  });
});
