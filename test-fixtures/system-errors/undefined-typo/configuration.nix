{ pkgs, ... }:
let
  userName = "alice";
in
{
  users.users.${usrName}.isNormalUser = true;
}
