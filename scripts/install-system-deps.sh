#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks use: real Nix (nix-bin), git (flake
# tests), OpenSSH (the --target-host tests start their own sshd on 127.0.0.1).
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

packages=(nix-bin git openssh-server openssh-client procps)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages already installed: ${packages[*]}"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
echo "Installing: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
