# A module of the user's own: options beside the config they switch on.
{ config, lib, pkgs, ... }:
let cfg = config.myapp; in
{
  options.myapp = {
    enable = lib.mkEnableOption "my app";
    port = lib.mkOption {
      type = lib.types.port;
      default = 8080;
      example = 8443;
      description = "The port my app listens on.";
    };
  };
  config = lib.mkIf cfg.enable {
    networking.firewall.allowedTCPPorts = [ cfg.port ];
    environment.systemPackages = [ pkgs.hello ];
  };
}
