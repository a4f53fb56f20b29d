// One script builds every bundle: the VS Code client, and the server+CLI (one bundle serves both:
// `nix-humanity lsp --stdio` is the language server). Later: the webview page.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

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

// The shared protocol (server/src/protocol) declares its messages with vscode-languageserver-
// protocol's classes. The client library carries its own copy of that package; in the client
// bundle the protocol module uses that one, so the bundle holds one copy, not two.
const clientLibrary = path.dirname(createRequire(import.meta.url).resolve('vscode-languageclient'));
const oneProtocolCopy = {
  name: 'one-protocol-copy',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver-protocol$/ }, (args) => {
      if (!args.importer.split(path.sep).join('/').includes('/server/src/protocol/')) return undefined;
      return build.resolve(args.path, { kind: args.kind, resolveDir: clientLibrary });
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
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.cjs', external: ['vscode'], plugins: [oneProtocolCopy] },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [jsonAsText],
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
