#!/usr/bin/env bash
# Installs what the tests and benchmarks use beyond npm packages: real Nix (nix-bin), git (flake
# tests), OpenSSH (the --target-host tests start their own sshd on 127.0.0.1), and a real VS Code
# for the end-to-end tests (code-server with Debian's Chromium, see install-code-server.sh).
# Safe to run again: what is already there is skipped.
set -euo pipefail

packages=(nix-bin git openssh-server openssh-client procps)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages already installed: ${packages[*]}"
else
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash "$(dirname "$0")/install-code-server.sh"
