# SYNTAX TEST: numbers, paths, search paths and URIs.
[ 1 42 1.5 .5 1. 1.5e3 2.0E-2 0.25 ]
# ^ constant.numeric.integer.nix
#   ^^ constant.numeric.integer.nix
#      ^^^ constant.numeric.float.nix
#          ^^ constant.numeric.float.nix
#             ^^ constant.numeric.float.nix
#                ^^^^^ constant.numeric.float.nix
#                      ^^^^^^ constant.numeric.float.nix
#                             ^^^^ constant.numeric.float.nix
[ ./a ../a /a/b ~/a a/b ./. ./foo-bar_1.nix ]
# ^^^ string.unquoted.path.nix
#     ^^^^ string.unquoted.path.nix
#          ^^^^ string.unquoted.path.nix
#               ^^^ string.unquoted.path.nix
#                   ^^^ string.unquoted.path.nix
#                       ^^^ string.unquoted.path.nix
#                           ^^^^^^^^^^^^^^^ string.unquoted.path.nix
[ ./a/${b} ./${c}/d ~/${e} ]
# ^^^^ string.unquoted.path.nix - meta.embedded
#     ^^ string.unquoted.path.nix meta.embedded punctuation.section.embedded.begin.nix
#       ^ string.unquoted.path.nix meta.embedded variable.other.nix
#        ^ punctuation.section.embedded.end.nix
#                ^^ string.unquoted.path.nix - meta.embedded
#                   ^^ string.unquoted.path.nix - meta.embedded
#                       ^ meta.embedded variable.other.nix
#                        ^ punctuation.section.embedded.end.nix
#                          ^ punctuation.section.brackets.end.nix - string.unquoted.path
[ <nixpkgs> <nixpkgs/nixos> <x-y.z> ]
# ^^^^^^^^^ string.unquoted.spath.nix
#           ^^^^^^^^^^^^^^^ string.unquoted.spath.nix
#                           ^^^^^^^ string.unquoted.spath.nix
[ https://x.org/a?b=c github:NixOS/nixpkgs/nixos-24.05 mailto:a@b.c ]
# ^^^^^^^^^^^^^^^^^^^ string.unquoted.url.nix
#                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.url.nix
#                                                      ^^^^^^^^^^^^ string.unquoted.url.nix
a/b a / b a/ b a //b
#<--- string.unquoted.path.nix
#   ^ variable.other.nix - string
#     ^ keyword.operator.arithmetic.nix - string
#       ^ variable.other.nix - string
#         ^^ - string.unquoted.path
#              ^ variable.other.nix
#                ^^ keyword.operator.update.nix - string
#                  ^ variable.other.nix - string
x:x
#<--- string.unquoted.url.nix - variable.parameter
x: x
#<- variable.parameter.function.nix - string
#^ keyword.operator.function.nix
#  ^ variable.other.nix
1/2 1 / 2
#<--- string.unquoted.path.nix
#   ^ constant.numeric.integer.nix
#     ^ keyword.operator.arithmetic.nix
