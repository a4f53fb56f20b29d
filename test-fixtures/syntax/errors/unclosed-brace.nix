{ pkgs, ... }:
{
  environment.systemPackages = [ pkgs.vim ];
  services.nginx = {
    enable = true;
  
  networking.hostName = "atlas";
}
