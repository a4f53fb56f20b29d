# A web application module: several instances, each with a port, a user and
# an optional nginx virtual host; mkMerge combines per-instance config.
{ config, lib, pkgs, utils, ... }:

let
  inherit (lib)
    mkOption
    mkEnableOption
    mkIf
    mkMerge
    mkDefault
    types
    mapAttrs'
    mapAttrsToList
    filterAttrs
    nameValuePair
    optionalString
    ;

  cfg = config.services.webApp;
  enabled = filterAttrs (_: i: i.enable) cfg.instances;

  instanceOpts = { name, ... }: {
    options = {
      enable = mkEnableOption "the web app instance ${name}" // { default = true; };
      port = mkOption {
        type = types.port;
        description = "TCP port on 127.0.0.1.";
      };
      hostName = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "Serve through nginx under this name (null: no proxy).";
      };
      workers = mkOption {
        type = types.ints.between 1 64;
        default = 2;
      };
      memoryLimit = mkOption {
        type = types.either types.str types.int;
        default = "512M";
      };
      ratio = mkOption {
        type = types.float;
        default = 0.75;
        description = "Share of workers kept warm.";
      };
      settings = mkOption {
        type = (pkgs.formats.json { }).type;
        default = { };
      };
    };
  };

  configFile = name: inst:
    (pkgs.formats.json { }).generate "web-app-${name}.json" (inst.settings // {
      listen = "127.0.0.1:${toString inst.port}";
      workers = inst.workers;
      warm = builtins.floor (inst.ratio * inst.workers * 1.0e0);
    });
in
{
  options.services.webApp = {
    package = mkOption {
      type = types.package;
      default = pkgs.hello;
      defaultText = lib.literalExpression "pkgs.hello";
    };
    instances = mkOption {
      type = types.attrsOf (types.submodule instanceOpts);
      default = { };
    };
  };

  config = mkMerge ([
    {
      assertions = mapAttrsToList (name: inst: {
        assertion = inst.port > 1024 || inst.port == 80;
        message = "services.webApp.instances.${name}.port: use a port above 1024";
      }) enabled;
    }
    (mkIf (enabled != { }) {
      users.groups.web-app = { };
      services.nginx.enable = mkDefault (builtins.any (i: i.hostName != null) (builtins.attrValues enabled));
    })
  ] ++ mapAttrsToList (name: inst: {
    users.users."web-app-${name}" = {
      isSystemUser = true;
      group = "web-app";
      home = "/var/lib/web-app/${name}";
    };

    systemd.services."web-app-${name}" = {
      wantedBy = [ "multi-user.target" ];
      after = [ "network.target" ] ++ lib.optional config.services.postgresql.enable "postgresql.service";
      serviceConfig = {
        ExecStart = utils.escapeSystemdExecArgs [ "${cfg.package}/bin/web-app" "--config" (configFile name inst) ];
        User = "web-app-${name}";
        StateDirectory = "web-app/${name}";
        MemoryMax = toString inst.memoryLimit;
        Restart = "on-failure";
        RestartSec = 5;
      };
    };

    services.nginx.virtualHosts = mkIf (inst.hostName != null) {
      ${inst.hostName} = {
        locations."/".proxyPass = "http://127.0.0.1:${toString inst.port}";
        locations."/static/".alias = "${cfg.package}/share/web-app/static/";
        extraConfig = optionalString (inst.workers > 8) ''
          keepalive_requests 1000;
        '';
      };
    };
  }) enabled);
}
