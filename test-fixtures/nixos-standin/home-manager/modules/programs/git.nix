{ lib, ... }:
let inherit (lib) mkEnableOption mkOption types; in
{
  options.programs.git = {
    enable = mkEnableOption "Git";
    userName = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "The name Git writes into the user's commits.";
    };
    signing.format = mkOption {
      type = types.enum [ "openpgp" "ssh" "x509" ];
      default = "openpgp";
      description = "How commits are signed.";
    };
  };
}
