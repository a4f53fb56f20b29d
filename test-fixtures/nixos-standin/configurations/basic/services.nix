{ lib, ... }:
{
  services.openssh.enable = true;
  system.stateVersion = lib.mkDefault "24.05";
}
