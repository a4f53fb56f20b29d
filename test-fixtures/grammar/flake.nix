# SYNTAX TEST: a realistic flake and NixOS module, end to end.
{
  description = "demo";
# ^^^^^^^^^^^ entity.other.attribute-name.nix
#               ^^^^^^ string.quoted.double.nix
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
# ^^^^^^ entity.other.attribute-name.nix
#                ^^^ entity.other.attribute-name.nix
  outputs = { self, nixpkgs, ... }@inputs: {
# ^^^^^^^ entity.other.attribute-name.nix
#             ^^^^ variable.parameter.function.nix
#                   ^^^^^^^ variable.parameter.function.nix
#                                 ^ keyword.operator.at.nix
#                                  ^^^^^^ variable.parameter.function.nix
#                                        ^ keyword.operator.function.nix
    nixosConfigurations.demo = nixpkgs.lib.nixosSystem {
#   ^^^^^^^^^^^^^^^^^^^ entity.other.attribute-name.nix
#                              ^^^^^^^ variable.other.nix
      modules = [
        ./configuration.nix
#       ^^^^^^^^^^^^^^^^^^^ string.unquoted.path.nix
        ({ pkgs, ... }: {
#          ^^^^ variable.parameter.function.nix
          environment.systemPackages = with pkgs; [ git ];
#         ^^^^^^^^^^^ entity.other.attribute-name.nix
#                                      ^^^^ keyword.other.nix
#                                                   ^^^ variable.other.nix
        })
        (import ./module.nix { inherit inputs; })
#        ^^^^^^ support.function.builtin.nix
#               ^^^^^^^^^^^^ string.unquoted.path.nix
#                              ^^^^^^^ keyword.other.nix
#                                      ^^^^^^ entity.other.attribute-name.nix
      ];
    };
  };
}
{ config, lib, ... }:
let
  cfg = config.services.demo;
# ^^^ entity.other.attribute-name.nix
in
#<-- keyword.other.nix
{
  options.services.demo = {
    enable = lib.mkEnableOption "demo";
#            ^^^ variable.other
#                ^^^^^^^^^^^^^^ support.function.lib.nix
    port = lib.mkOption { type = lib.types.port; default = 8080; };
#                       ^ meta.attrset.nix - meta.function.parameters
#                         ^^^^ entity.other.attribute-name.nix
#                                          ^^^^ support.type.nix
#                                                          ^^^^ constant.numeric.integer.nix
  };
  config = lib.mkIf cfg.enable {
#              ^^^^ support.function.lib.nix
    systemd.services.demo.script = ''
      exec ${lib.getExe cfg.package} --port ${
#          ^^ punctuation.section.embedded.begin.nix
#                                           ^^ punctuation.section.embedded.begin.nix
        toString cfg.port
#       ^^^^^^^^ meta.embedded support.function.builtin.nix
      }
#     ^ punctuation.section.embedded.end.nix
      echo done; # not a comment in a string
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.other.nix - comment - punctuation.terminator
    '';
#   ^^ punctuation.definition.string.end.nix
#     ^ punctuation.terminator
    networking.firewall.allowedTCPPorts = lib.optionals cfg.openFirewall [ cfg.port ];
#   ^^^^^^^^^^ entity.other.attribute-name.nix
#                                             ^^^^^^^^^ support.function.lib.nix
  };
}
