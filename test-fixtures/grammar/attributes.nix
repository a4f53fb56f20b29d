# SYNTAX TEST: attribute sets and attribute names.
{
  services.openssh.enable = true;
# ^^^^^^^^ entity.other.attribute-name.nix
#         ^ punctuation.accessor.nix
#          ^^^^^^^ entity.other.attribute-name.nix
#                 ^ punctuation.accessor.nix
#                  ^^^^^^ entity.other.attribute-name.nix
#                         ^ keyword.operator.bind.nix
#                           ^^^^ constant.language.nix - entity.other.attribute-name
#                               ^ punctuation.terminator
  "a b" = 1;
# ^^^^^ entity.other.attribute-name.nix string.quoted.double.nix
#         ^ constant.numeric - entity.other.attribute-name
  ${x} = 2;
# ^^ entity.other.attribute-name.nix punctuation.section.embedded.begin.nix
#   ^ variable.other.nix
#      ^ keyword.operator.bind.nix
  a."b.c".${d} = 3;
# ^ entity.other.attribute-name.nix
#   ^^^^^ entity.other.attribute-name.nix string.quoted.double.nix
#          ^^ entity.other.attribute-name.nix
  inherit (pkgs) hello;
# ^^^^^^^ keyword.other.nix
#         ^ punctuation.section.parens.begin.nix
#          ^^^^ variable.other.nix - entity.other.attribute-name
#                ^^^^^ entity.other.attribute-name.nix
#                     ^ punctuation.terminator
  inherit foo bar;
#         ^^^ entity.other.attribute-name.nix
#             ^^^ entity.other.attribute-name.nix
  nested = { x = y == z; or = 1; };
# ^^^^^^ entity.other.attribute-name.nix
#            ^ entity.other.attribute-name.nix
#                ^ variable.other.nix - entity.other.attribute-name
#                  ^^ keyword.operator.comparison.nix
#                        ^^ entity.other.attribute-name.nix - keyword
  list = with pkgs; [
    git
#   ^^^ variable.other.nix - entity.other.attribute-name - variable.parameter
  ];
  multi =
    f
#   ^ variable.other.nix - variable.parameter
    x;
  after = 1;
# ^^^^^ entity.other.attribute-name.nix
  map = 2;
# ^^^ entity.other.attribute-name.nix - support.function
}
x.y.z
#<- variable.other.nix - entity.other.attribute-name
#^ keyword.operator.select.nix
