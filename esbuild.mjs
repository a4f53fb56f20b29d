// One script builds every bundle: the VS Code client, and the server+CLI (one bundle serves both:
// `nix-humanity lsp --stdio` is the language server). Later: the webview page.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

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
