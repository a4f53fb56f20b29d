# A user's Home Manager configuration in a file of its own, with an option of its own.
{ config, lib, pkgs, ... }:
{
  options.my.editor = lib.mkOption {
    type = lib.types.str;
    default = "vim";
    description = "The editor this user's tools start.";
  };
  config = {
    home.stateVersion = "24.05";
    home.packages = [ pkgs.nano ];
    programs.git.userName = "bob (${config.my.editor})";
  };
}
