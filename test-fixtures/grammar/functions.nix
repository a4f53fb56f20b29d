# SYNTAX TEST: lambdas and parameter patterns.
{ config, pkgs, lib ? import <nixpkgs/lib>, ... }:
#<- punctuation.section.braces.begin.nix
# ^^^^^^ variable.parameter.function.nix
#       ^ punctuation.separator
#         ^^^^ variable.parameter.function.nix
#               ^^^ variable.parameter.function.nix
#                   ^ keyword.operator
#                     ^^^^^^ support.function.builtin.nix - variable.parameter
#                            ^^^^^^^^^^^^^ string.unquoted.spath.nix
#                                           ^^^ keyword.other.ellipsis.nix
#                                                ^ keyword.operator.function.nix
{ a = 1; }
# ^ entity.other.attribute-name.nix - variable.parameter
{
  config,
# ^^^^^^ variable.parameter.function.nix
  pkgs ? { },
# ^^^^ variable.parameter.function.nix
  # a comment between parameters
# ^^^^^^^^^ comment.line.number-sign.nix
  ...
# ^^^ keyword.other.ellipsis.nix
}:
#<- punctuation.section.braces.end.nix
#^ keyword.operator.function.nix
{ config
#<- punctuation.section.braces.begin.nix
# ^^^^^^ variable.parameter.function.nix
, pkgs
#<- punctuation.separator
# ^^^^ variable.parameter.function.nix
}:
{
  a = 1;
# ^ entity.other.attribute-name.nix - variable.parameter
  inherit
    b;
#   ^ entity.other.attribute-name.nix - variable.parameter
}
args@{ self, ... }:
#<--- variable.parameter.function.nix
#   ^ keyword.operator.at.nix
#      ^^^^ variable.parameter.function.nix
{ nixpkgs, ... }@inputs: inputs
#                ^^^^^^ variable.parameter.function.nix
#               ^ keyword.operator.at.nix
#                        ^^^^^^ variable.other.nix - variable.parameter
{}: x
#<- punctuation.section.braces.begin.nix
# ^ keyword.operator.function.nix
x: y: x + y
#<- variable.parameter.function.nix
#^ keyword.operator.function.nix
#  ^ variable.parameter.function.nix
#     ^ variable.other.nix
map (pkg: pkg.name) xs
#    ^^^ variable.parameter.function.nix
#         ^^^ variable.other.nix
f = x:
#   ^ variable.parameter.function.nix
  x;
{ a # first
# ^ variable.parameter.function.nix
#   ^^^^^^^ comment.line.number-sign.nix
, b ? { c = 1; }
#     ^ meta.parameter.default punctuation.section.braces.begin.nix
#       ^ entity.other.attribute-name.nix - variable.parameter
#              ^ meta.parameter.default punctuation.section.braces.end.nix
, d ? [
#<- punctuation.separator
# ^ variable.parameter.function.nix
    x
#   ^ variable.other.nix - variable.parameter
  ]
}: { inherit a; }
#^ keyword.operator.function.nix
#    ^^^^^^^ keyword.other.nix
#            ^ entity.other.attribute-name.nix
{ }
#<- punctuation.section.braces.begin.nix meta.attrset.nix - meta.function.parameters
