let
  pkgs = { firefox = 1; hello = 2; htop = 3; };
in
{
  # A typo in a package name: "firefx" for "firefox".
  environment.systemPackages = [ pkgs.firefx ];
}
