{ pkgs, ... }:
{
  services.nginx.enable =
  networking.hostName = "atlas";
  environment.systemPackages = [ pkgs.vim
  time.timeZone = "Europe/Berlin";
  users.users.alice.shell = pkgs.
  i18n.defaultLocale = "en_GB.UTF-8";
  boot.kernelParams = let
}
