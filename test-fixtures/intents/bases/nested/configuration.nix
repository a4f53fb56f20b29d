{ pkgs, lib, ... }:
{
  imports = [ ./hardware-configuration.nix ];

  boot = {
    loader = {
      grub = {
        enable = true;
        device = "/dev/sda";
      };
      timeout = 3;
    };
  };

  networking = {
    hostName = "homeserver";
    firewall = {
      enable = true;
      allowedTCPPorts = [ 80 443 ];
    };
  };

  time.timeZone = "UTC";

  services = {
    openssh = {
      enable = true;
      settings = {
        PermitRootLogin = "prohibit-password";
      };
    };
    nginx.enable = true;
  };

  environment.systemPackages = [
    pkgs.htop
    pkgs.tmux
    pkgs.curl
  ];

  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample admin@laptop" ];
  };

  nix.settings = {
    experimental-features = [ "nix-command" ];
  };

  system.stateVersion = "23.11";
}
