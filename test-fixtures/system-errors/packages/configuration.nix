{ config, pkgs, ... }:
{
  environment.systemPackages = with pkgs; [
    steam
    openssl_1_1
  ];
  nixpkgs.config.permittedInsecurePackages = [ "python-2.7.18" ];
}
