# The demo machine's configuration. Edit it, then Apply: the ▶ Apply above this line, or
# "NixOS: Apply Configuration" from the command palette (F1).
#
# It builds with real Nix against a stand-in NixOS into a profile in a temporary folder, so your
# own system is never touched. Things to try:
#   - add htop to the packages and Apply: the summary lists what was added;
#   - misspell a package (pkgs.helo) and Apply: the error is marked on its line, with a fix;
#   - roll back from the NixOS side bar (Generations), or with the Roll Back lens above.
{ config, pkgs, lib, ... }:
{
  imports = [ ./hardware-configuration.nix ];

  networking.hostName = "demo";
  time.timeZone = "Europe/Amsterdam";

  services.openssh.enable = true;
  services.nginx.enable = false;

  environment.systemPackages = with pkgs; [
    hello
    nano
    git
  ];

  system.stateVersion = "24.05";
}
