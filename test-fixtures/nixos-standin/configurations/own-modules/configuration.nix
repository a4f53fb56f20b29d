# The user's own module and Home Manager as a NixOS module (from the `home-manager` channel).
{ pkgs, ... }:
{
  imports = [ ./myapp.nix <home-manager/nixos> ];
  myapp.enable = true;
  home-manager.useUserPackages = true;
  home-manager.users.alice = { name, ... }: {
    home.stateVersion = "24.05";
    home.packages = [ pkgs.git ];
    programs.git.enable = true;
    programs.git.userName = name;
  };
  home-manager.users.bob = {
    imports = [ ./bob-home.nix ];
    programs.git.enable = true;
    my.editor = "nano";
  };
}
