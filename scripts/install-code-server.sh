#!/usr/bin/env bash
# Installs code-server (VS Code OSS served to a browser) for the end-to-end tests, from the npm
# registry only. Its own postinstall downloads ripgrep from GitHub, which this network refuses,
# so the steps are done by hand: install without scripts, put Debian's rg in place, rebuild the
# native modules. Cached in ~/.cache/nix-humanity (or $NIX_HUMANITY_CODE_SERVER_DIR).
set -euo pipefail

version=4.100.3   # the newest code-server that runs on Node 20
dir=${NIX_HUMANITY_CODE_SERVER_DIR:-$HOME/.cache/nix-humanity/code-server-$version}
entry=$dir/node_modules/code-server/out/node/entry.js

if [ -f "$dir/.complete" ] && [ -f "$entry" ]; then
  echo "code-server $version already installed in $dir"
  exit 0
fi

debs=(chromium libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep python3 make g++)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

rm -rf "$dir"
mkdir -p "$dir"
# Native modules call `npx node-gyp`; let npx fetch it from the npm registry without asking.
export npm_config_yes=true
npm() { command npm --no-audit --no-fund --loglevel=error "$@"; }

echo "Installing code-server $version into $dir (a few minutes)"
npm install --prefix "$dir" --ignore-scripts "code-server@$version"
vscode=$dir/node_modules/code-server/lib/vscode
(cd "$vscode" && npm install --omit=dev --ignore-scripts)
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$vscode/node_modules/@vscode/ripgrep/bin/rg"
(cd "$vscode" && npm rebuild --foreground-scripts @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty)
(cd "$vscode" && ln -sfn node_modules node_modules.asar)
(cd "$vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
(cd "$vscode/extensions" && npm install --omit=dev --ignore-scripts)
(cd "$dir" && npm rebuild --foreground-scripts argon2)
touch "$dir/.complete"
echo "code-server $version ready: $entry"
