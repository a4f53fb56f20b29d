{ pkgs, ... }:
{
  nixpkgs.config = {
    allowUnfree = false;
  };
  environment.systemPackages = [ pkgs.steam ];
}
