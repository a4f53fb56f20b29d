# SYNTAX TEST: builtins, global functions and common lib calls.
builtins.map f (builtins.attrNames x) builtins
#<------- support.function.builtin.nix
#       ^ keyword.operator.select.nix
#        ^^^ support.function.builtin.nix
#                        ^^^^^^^^^ support.function.builtin.nix
#                                     ^^^^^^^^ support.function.builtin.nix
[ import map toString throw abort baseNameOf dirOf isNull removeAttrs derivation fetchTarball __typeOf ]
# ^^^^^^ support.function.builtin.nix
#        ^^^ support.function.builtin.nix
#            ^^^^^^^^ support.function.builtin.nix
#                     ^^^^^ support.function.builtin.nix
#                           ^^^^^ support.function.builtin.nix
#                                 ^^^^^^^^^^ support.function.builtin.nix
#                                            ^^^^^ support.function.builtin.nix
#                                                  ^^^^^^ support.function.builtin.nix
#                                                         ^^^^^^^^^^^ support.function.builtin.nix
#                                                                     ^^^^^^^^^^ support.function.builtin.nix
#                                                                                ^^^^^^^^^^^^ support.function.builtin.nix
#                                                                                             ^^^^^^^^ support.function.builtin.nix
[ lib.mkIf lib.mkDefault lib.mkForce lib.mkOption lib.mkEnableOption mkIf mkMerge ]
# ^^^ variable.other - support.function
#     ^^^^ support.function.lib.nix
#              ^^^^^^^^^ support.function.lib.nix
#                            ^^^^^^^ support.function.lib.nix
#                                        ^^^^^^^^ support.function.lib.nix
#                                                     ^^^^^^^^^^^^^^ support.function.lib.nix
#                                                                    ^^^^ support.function.lib.nix
#                                                                         ^^^^^^^ support.function.lib.nix
[ lib.types.str lib.types.listOf types.bool lib.strings.hasPrefix ]
#     ^^^^^ support.type.nix
#           ^^^ support.type.nix
#                         ^^^^^^ support.type.nix
#                                ^^^^^ support.type.nix
#                                      ^^^^ support.type.nix
#                                                       ^^^^^^^^^ support.function.lib.nix
[ x.map mapper importer head ]
#   ^^^ variable.other.nix - support.function
#       ^^^^^^ variable.other.nix - support.function
#              ^^^^^^^^ variable.other.nix - support.function
#                       ^^^^ variable.other.nix - support.function
