# A restic backup module with its own options: shows mkOption, mkEnableOption,
# types (incl. submodules), mkIf, assertions and generated systemd units.
{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.services.homeBackup;

  jobModule = { name, config, ... }: {
    options = {
      paths = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = literalExpression ''[ "/home" "/etc/nixos" ]'';
        description = "Paths to back up in job `${name}`.";
      };
      exclude = mkOption {
        type = with types; listOf str;
        default = [ "*.cache" ".direnv" ];
        description = "Patterns passed to `--exclude`.";
      };
      schedule = mkOption {
        type = types.str;
        default = "daily";
        description = "systemd calendar expression.";
      };
      keep = mkOption {
        type = types.submodule {
          options.daily = mkOption { type = types.ints.unsigned; default = 7; };
          options.weekly = mkOption { type = types.ints.unsigned; default = 4; };
          options.monthly = mkOption { type = types.ints.unsigned; default = 6; };
        };
        default = { };
      };
      repository = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "Overrides the global repository.";
      };
    };
    config.exclude = mkIf (config.paths == [ "/home" ]) (mkDefault [ "/home/*/.cache" ]);
  };

  repoOf = job: if job.repository != null then job.repository else cfg.repository;

  forgetFlags = keep:
    concatStringsSep " " (mapAttrsToList (period: n: "--keep-${period} ${toString n}") keep);

  mkService = name: job: nameValuePair "home-backup-${name}" {
    description = "Backup job ${name}";
    wants = [ "network-online.target" ];
    after = [ "network-online.target" ];
    path = [ cfg.package pkgs.coreutils ];
    environment = {
      RESTIC_REPOSITORY = repoOf job;
      RESTIC_PASSWORD_FILE = toString cfg.passwordFile;
    };
    serviceConfig = {
      Type = "oneshot";
      Nice = 19;
      IOSchedulingClass = "idle";
      PrivateTmp = true;
    };
    script = ''
      restic snapshots >/dev/null 2>&1 || restic init
      restic backup ${escapeShellArgs job.paths} \
        ${concatMapStringsSep " " (p: "--exclude ${escapeShellArg p}") job.exclude}
      restic forget --prune ${forgetFlags job.keep}
    '';
  };

  mkTimer = name: job: nameValuePair "home-backup-${name}" {
    wantedBy = [ "timers.target" ];
    timerConfig = {
      OnCalendar = job.schedule;
      Persistent = true;
      RandomizedDelaySec = "30m";
    };
  };
in
{
  options.services.homeBackup = {
    enable = mkEnableOption "restic backups of home directories";

    package = mkPackageOption pkgs "restic" { };

    repository = mkOption {
      type = types.str;
      example = "sftp:backup@nas.local:/srv/restic";
      description = "Default restic repository.";
    };

    passwordFile = mkOption {
      type = types.path;
      description = "File holding the repository password.";
    };

    jobs = mkOption {
      type = types.attrsOf (types.submodule jobModule);
      default = { };
      description = "Backup jobs, by name.";
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.jobs != { };
        message = "services.homeBackup.enable is set but no jobs are defined.";
      }
    ] ++ mapAttrsToList (name: job: {
      assertion = job.paths != [ ];
      message = "services.homeBackup.jobs.${name}.paths must not be empty.";
    }) cfg.jobs;

    systemd.services = mapAttrs' mkService cfg.jobs;
    systemd.timers = mapAttrs' mkTimer cfg.jobs;
    environment.systemPackages = [ cfg.package ];
  };
}
