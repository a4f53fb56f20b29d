#!/bin/sh
# switch-to-configuration of the stand-in NixOS: records the call instead of touching the machine.
action="$1"
case "$action" in
  switch|boot|test|dry-activate) ;;
  *) echo "Usage: switch-to-configuration [switch|boot|test|dry-activate]" >&2; exit 1 ;;
esac
system=$(cd "$(dirname "$0")/.." && pwd -P)
log="@activationLog@"
if [ -n "$log" ]; then echo "$action $system ${NIXOS_INSTALL_BOOTLOADER:-unset}" >> "$log"; fi
case "$action" in
  dry-activate)
    echo "would restart the following units: sshd.service"
    exit 0 ;;
  boot)
    echo "updating the boot loader..."
    exit 0 ;;
esac
echo "stopping the following units: nginx.service"
echo "activating the configuration..."
echo "setting up /etc..."
echo "restarting the following units: sshd.service"
code=@exitCode@
if [ "$code" = 4 ]; then echo "warning: the following units failed: @failedUnits@" >&2; fi
exit "$code"
