// One script builds every bundle: the VS Code client, and the server+CLI (one bundle serves both:
// `nix-humanity lsp --stdio` is the language server), the askpass helper and the webview page.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  define: { __NIX_HUMANITY_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

// dist/cli.cjs is the launcher (server/src/cli/launcher.ts): it runs the CLI and server bundle,
// dist/cli-main.cjs, through V8's code cache. The bundle is a file of its own, read as one-byte
// text: held as a string literal inside cli.cjs, every start had V8 scan 2.6 MB of literal
// before anything ran (`--help` 1.86x `node -e 0`, 1.44x as two files, CPU time alike).
// V8 keeps a source with any character beyond ASCII as two bytes a character, and a few regular
// expressions of the intent layer hold typographic quotes and dashes: escaped (\uXXXX means the
// same in strings, regular expressions and names), the bundle stays one byte a character.
const asciiOnly = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// esbuild's __toESM gives every ES module that imports a CommonJS one (node:fs 28 times,
// node:path 44, vscode-languageserver's API of ~600 names 8 times) its own copy of all the
// module's names as getters, at the module's start. The copies are alike (getters reading the
// same module), so one per module and mode is kept and handed to each importer; our modules only
// import a CommonJS module once it has run to its end, so no copy misses a name added later.
const TO_ESM = 'var __toESM = (mod, isNodeMode, target) => (';
const toEsmOnce = (text) => {
  const at = text.indexOf(TO_ESM);
  const end = text.indexOf('\n));\n', at) + 5;
  if (at < 0 || end < 5 || text.indexOf(TO_ESM, at + 1) >= 0) throw new Error("esbuild.mjs: esbuild's __toESM helper not found once in the bundle");
  const each = text.slice(at, end).replace('var __toESM =', 'var __toESMEach =');
  // (on the helper's last line: the source map's lines stay as esbuild wrote them)
  const once =
    'var __esmCopies = [new WeakMap(), new WeakMap()]; var __toESM = (mod, isNodeMode) => { if (mod == null || (typeof mod !== "object" && typeof mod !== "function")) return __toESMEach(mod, isNodeMode); var copies = __esmCopies[isNodeMode ? 1 : 0], copy = copies.get(mod); if (!copy) copies.set(mod, (copy = __toESMEach(mod, isNodeMode))); return copy; };';
  return text.slice(0, at) + each.slice(0, -1) + ' ' + once + text.slice(end - 1);
};
const cliWithLauncher = {
  name: 'cli-with-launcher',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const main = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
      const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
      const launcher = await esbuild.build({ ...common, sourcemap: false, entryPoints: ['server/src/cli/launcher.ts'], write: false });
      mkdirSync('dist', { recursive: true });
      if (map) writeFileSync(map.path, map.contents);
      // (minified after the helper is replaced, so that it is found in esbuild's own words)
      const text = toEsmOnce(main.text);
      writeFileSync(main.path, asciiOnly(production ? (await esbuild.transform(text, { minify: true, format: 'cjs', target: 'node20', legalComments: 'none' })).code : text));
      writeFileSync('dist/cli.cjs', `#!/usr/bin/env node\n${launcher.outputFiles[0].text}`, { mode: 0o755 });
    });
  },
};
// The embedded NixOS knowledge (server/src/knowledge/data/*.json, 900 KB) is not in the bundle:
// each file is copied to dist/data/ and read and parsed on first use (knowledge/embedded.ts), so
// a command that never needs it (`--help`, `generations`, `diff`, `rollback`) neither compiles nor reads
// it, and the code cache does not carry it. (As object literals every start built them: +20 ms of CPU for 600 KB;
// as JSON text in the bundle they were a third of what V8 scanned and cached.)
const jsonAsFile = {
  name: 'knowledge-data-as-file',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]knowledge[\\/]data[\\/][^\\/]+\.json$/ }, async (args) => {
      const name = path.basename(args.path);
      mkdirSync('dist/data', { recursive: true });
      copyFileSync(args.path, path.join('dist/data', name));
      return {
        contents: `export default () => require('node:fs').readFileSync(require('node:path').join(__dirname, 'data', ${JSON.stringify(name)}), 'utf8');`,
        loader: 'js',
      };
    });
  },
};

// Node's crypto and child_process modules (with the net and dgram modules child_process loads)
// cost 5-10 ms to load, and a bundle's imports all load at its start, though `--help`, `check`,
// `generations` and the language server's first diagnostics never call them. Each import of
// them gets an object of getters instead, which loads the module on the first read of any of its
// names (the same values, so classes and instanceof are unchanged). The names are the module's
// own, read here from the Node that builds.
const LAZY_BUILTINS = ['crypto', 'child_process', 'net'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`)).filter((n) => n !== 'default' && n !== '__esModule');
      const getters = names.map((n) => `  ${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] },`).join('\n');
      return {
        contents: `let real;\nconst load = () => (real ??= require(${JSON.stringify(`node:${args.path}`)}));\nObject.defineProperties(module.exports, {\n${getters}\n});\n`,
        loader: 'js',
      };
    });
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.cjs', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli-main.cjs',
    write: false,
    minify: false,
    plugins: [lazyBuiltins, jsonAsFile, cliWithLauncher],
  },
  // The worker thread that reads a large options.json into the knowledge cache's rows on first
  // use (system/optionsJsonThread.ts), so the server keeps answering meanwhile.
  { ...common, entryPoints: ['server/src/system/optionsJsonWorker.ts'], outfile: 'dist/options-json-worker.cjs' },
  // The askpass helper sudo runs (SUDO_ASKPASS): asks the extension over its private socket.
  { ...common, entryPoints: ['client/src/askpassMain.ts'], outfile: 'dist/askpass.cjs' },
  // The progress webview's page: a browser bundle and its stylesheet.
  { ...common, entryPoints: ['client/webview/page.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['client/webview/page.css'], outfile: 'dist/webview.css', platform: 'browser', format: undefined, sourcemap: false },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
