{ name, lib, ... }:
let inherit (lib) literalExpression mkOption types; in
{
  options.home = {
    username = mkOption {
      type = types.str;
      default = name;
      defaultText = literalExpression "the attribute name, for users of the NixOS module";
      description = "The user Home Manager manages.";
    };
    packages = mkOption {
      type = types.listOf types.package;
      default = [ ];
      example = literalExpression "[ pkgs.htop ]";
      description = "Packages installed into the user's profile.";
    };
    stateVersion = mkOption {
      type = types.str;
      description = "The Home Manager release whose defaults this configuration follows.";
    };
  };
}
