# A stand-in for Home Manager's NixOS module, what `imports = [ <home-manager/nixos> ];` loads:
# `home-manager.users.<name>` is each user's Home Manager configuration, a submodule whose options
# Home Manager's own modules declare (../modules).
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkEnableOption mkIf mkOption types;
  cfg = config.home-manager;
in
{
  options.home-manager = {
    users = mkOption {
      type = types.attrsOf (types.submoduleWith { modules = import ../modules; });
      default = { };
      description = "Each user's Home Manager configuration.";
    };
    useUserPackages = mkEnableOption "installing each user's home.packages through users.users.<name>.packages";
  };
  config = mkIf cfg.useUserPackages {
    users.users = builtins.mapAttrs (name: user: { packages = user.home.packages; }) cfg.users;
  };
}
