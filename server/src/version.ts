// The version is injected by esbuild from package.json; tests running from source read it directly.
declare const __NIX_HUMANITY_VERSION__: string | undefined;

export const VERSION: string =
  typeof __NIX_HUMANITY_VERSION__ === 'string' ? __NIX_HUMANITY_VERSION__ : '0.0.0-dev';
