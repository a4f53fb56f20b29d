# A small headless server: SSH only with keys, nginx with ACME in front of two
# services, PostgreSQL, a nightly backup and fail2ban.
{ config, pkgs, lib, modulesPath, ... }:

let
  domain = "example.org";
  adminKeys = [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTestsOnly0000000000000000000 admin@laptop"
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAnotherFakeKey111111111111111111111111 admin@phone"
  ];
  vhost = port: {
    forceSSL = true;
    enableACME = true;
    locations."/" = {
      proxyPass = "http://127.0.0.1:${toString port}";
      proxyWebsockets = true;
      extraConfig = ''
        proxy_read_timeout 300s;
        client_max_body_size 512M;
      '';
    };
  };
in
{
  imports = [
    (modulesPath + "/profiles/headless.nix")
    (modulesPath + "/profiles/hardened.nix")
    ./hardware-configuration.nix
  ];

  boot.loader.grub = {
    enable = true;
    device = "/dev/sda";
  };
  boot.kernel.sysctl."net.ipv4.ip_forward" = 1;
  boot.kernel.sysctl."vm.swappiness" = 10;

  networking = {
    hostName = "vault";
    domain = domain;
    useDHCP = false;
    interfaces.ens3.ipv4.addresses = [ { address = "203.0.113.7"; prefixLength = 24; } ];
    defaultGateway = "203.0.113.1";
    nameservers = [ "9.9.9.9" "149.112.112.112" ];
    firewall.allowedTCPPorts = [ 22 80 443 ];
  };

  services.openssh = {
    enable = true;
    ports = [ 22 ];
    settings = {
      PasswordAuthentication = false;
      KbdInteractiveAuthentication = false;
      PermitRootLogin = "prohibit-password";
    };
  };
  users.users.root.openssh.authorizedKeys.keys = adminKeys;
  users.users.deploy = {
    isSystemUser = true;
    group = "deploy";
    openssh.authorizedKeys.keys = adminKeys;
  };
  users.groups.deploy = { };

  services.fail2ban = {
    enable = true;
    maxretry = 5;
    ignoreIP = [ "127.0.0.0/8" "10.0.0.0/8" ];
    bantime-increment.enable = true;
  };

  security.acme = {
    acceptTerms = true;
    defaults.email = "hostmaster@${domain}";
  };

  services.nginx = {
    enable = true;
    recommendedGzipSettings = true;
    recommendedOptimisation = true;
    recommendedProxySettings = true;
    recommendedTlsSettings = true;
    virtualHosts = {
      "git.${domain}" = vhost 3000;
      "cloud.${domain}" = vhost 8080 // {
        extraConfig = "add_header Strict-Transport-Security \"max-age=31536000\" always;";
      };
      ${domain} = {
        forceSSL = true;
        enableACME = true;
        root = "/var/www/${domain}";
      };
    };
  };

  services.postgresql = {
    enable = true;
    package = pkgs.postgresql_15;
    ensureDatabases = [ "gitea" "nextcloud" ];
    ensureUsers = map (name: {
      inherit name;
      ensureDBOwnership = true;
    }) [ "gitea" "nextcloud" ];
    authentication = lib.mkForce ''
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      local   all       all                 peer
      host    all       all   127.0.0.1/32  scram-sha-256
    '';
  };

  services.gitea = {
    enable = true;
    database.type = "postgres";
    settings.server = {
      DOMAIN = "git.${domain}";
      ROOT_URL = "https://git.${domain}/";
      HTTP_PORT = 3000;
    };
    settings.service.DISABLE_REGISTRATION = true;
  };

  systemd.services.db-backup = {
    description = "Nightly PostgreSQL dump";
    startAt = "*-*-* 03:15:00";
    path = [ config.services.postgresql.package pkgs.gzip ];
    serviceConfig = {
      Type = "oneshot";
      User = "postgres";
    };
    script = ''
      set -eu
      dir=/var/backup/postgres
      mkdir -p "$dir"
      for db in ${lib.concatStringsSep " " config.services.postgresql.ensureDatabases}; do
        pg_dump "$db" | gzip > "$dir/$db-$(date +%F).sql.gz"
      done
      # keep two weeks; ''${dir} stays a shell variable here
      find ''${dir} -name '*.sql.gz' -mtime +14 -delete
    '';
  };

  services.journald.extraConfig = "SystemMaxUse=500M";
  nix.gc.automatic = true;
  nix.gc.options = "--delete-older-than 30d";
  system.autoUpgrade = {
    enable = true;
    allowReboot = config.networking.hostName != "vault";
    dates = "04:00";
  };

  system.stateVersion = "23.11";
}
