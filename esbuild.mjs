// One script builds every bundle: the VS Code client, and the server+CLI (one bundle serves both:
// `nix-humanity lsp --stdio` is the language server), the askpass helper and the webview page.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

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

// dist/cli.cjs is one file: the launcher (server/src/cli/launcher.ts), which runs the CLI and
// server bundle through V8's code cache, with that bundle after it as a string. (Its source map,
// in development, is dist/cli-main.cjs.map: the name the launcher compiles it under.)
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
      const source = `#!/usr/bin/env node\nconst NIX_HUMANITY_MAIN = ${JSON.stringify(main.text)};\n${launcher.outputFiles[0].text}`;
      writeFileSync('dist/cli.cjs', source, { mode: 0o755 });
    });
  },
};
// The embedded NixOS knowledge (server/src/knowledge/data/*.json, hundreds of KB) goes into the
// bundle as JSON text, parsed on first use (knowledge/embedded.ts), not as object literals that
// every start of the CLI or server would build: measured +20 ms of CPU per start for 600 KB.
const jsonAsText = {
  name: 'knowledge-data-as-text',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]knowledge[\\/]data[\\/][^\\/]+\.json$/ }, async (args) => ({
      contents: `export default ${JSON.stringify(readFileSync(args.path, 'utf8'))};`,
      loader: 'js',
    }));
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.cjs', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli-main.cjs',
    write: false,
    plugins: [jsonAsText, cliWithLauncher],
  },
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
