{ pkgs, ... }:
{
  services.nginx = {
    enable = true
    virtualHosts."example.org" = {
      root = "/var/www"
    };
  };
  environment.systemPackages = with pkgs; [ vim ]
}
