# The graphical desktop, on unless this machine is used headless.
{ config, lib, pkgs, ... }:

let
  withDesktop = true;
in
{
  options.local.desktop.enable = lib.mkEnableOption "the Xfce desktop";

  config = lib.mkIf withDesktop {
    services.xserver.enable = true;
    services.xserver.displayManager.lightdm.enable = true;
    services.xserver.desktopManager.xfce.enable = true;

    services.pipewire = {
      enable = true;
      pulse.enable = true;
    };
  };
}
