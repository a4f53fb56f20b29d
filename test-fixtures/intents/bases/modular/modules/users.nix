{ pkgs, ... }:

{
  users.users.bob = {
    isNormalUser = true;
    extraGroups = [ "wheel" "audio" ];
  };

  users.users.carol = {
    isNormalUser = true;
    extraGroups = [ "video" ];
  };

  users.groups.media = { };
}
