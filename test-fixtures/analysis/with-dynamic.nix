# Inside `with`, unknown names are resolved at run time: no error.
{ pkgs, lib, ... }:
with pkgs; with lib;
{
  environment.systemPackages = [ firefox (python3.withPackages (ps: [ ps.requests ])) ];
  services.foo.enable = mkForce true;
}
