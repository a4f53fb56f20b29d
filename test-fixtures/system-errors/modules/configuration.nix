{ config, pkgs, ... }:

{
  imports = [ ./hardware-configuration.nix ];

  # Flat paths.
  services.opensh.enable = true;
  services.xserver.enable = "yes";

  # Nested sets.
  networking = {
    firewall = {
      allowedTCPPorts = 22;
    };
    hostName = "laptop";
  };

  # Mixed: part of the path outside, part inside.
  boot.loader = {
    timeout = "5";
  };

  time.timeZone = "Europe/Paris";
  hardware.pulseaudio.enable = true;
  environment.systemPackages = [ pkgs.steam pkgs.hello ];

  # A string that looks like a definition must not be matched.
  environment.etc."motd".text = "services.openssh.enable = true;";
}
