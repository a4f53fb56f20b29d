# SYNTAX TEST: keywords, constants and operators.
let a = rec { b = 1; }; in if a.b == 1 then true else false
#<-- keyword.other.nix
#       ^^^ keyword.other.nix
#                       ^^ keyword.other.nix
#                          ^^ keyword.control.nix
#                              ^ keyword.operator.select.nix
#                                 ^^ keyword.operator.comparison.nix
#                                      ^^^^ keyword.control.nix
#                                           ^^^^ constant.language.nix
#                                                ^^^^ keyword.control.nix
#                                                     ^^^^^ constant.language.nix
assert x != null; with pkgs; a.b or c
#<----- keyword.control.nix
#        ^^ keyword.operator.comparison.nix
#           ^^^^ constant.language.nix
#               ^ punctuation.terminator
#                 ^^^^ keyword.other.nix
#                      ^^^^ variable.other.nix
#                             ^ keyword.operator.select.nix
#                                ^^ keyword.other.nix
[ (a + b - c * d / e) (x ++ y) (p // q) (!a && b || c -> d) (a <= b) (a >= b) (a < b) (a > b) ]
#    ^ keyword.operator.arithmetic.nix
#        ^ keyword.operator.arithmetic.nix
#            ^ keyword.operator.arithmetic.nix
#                ^ keyword.operator.arithmetic.nix
#                        ^^ keyword.operator.list.nix
#                                 ^^ keyword.operator.update.nix
#                                        ^ keyword.operator.logical.nix
#                                           ^^ keyword.operator.logical.nix
#                                                ^^ keyword.operator.logical.nix
#                                                     ^^ keyword.operator.logical.nix
#                                                              ^^ keyword.operator.comparison.nix
#                                                                       ^^ keyword.operator.comparison.nix
#                                                                                ^ keyword.operator.comparison.nix
#                                                                                        ^ keyword.operator.comparison.nix
[ (x |> f) (f <| x) (a ? b) (a ? "b".c) ]
#    ^^ keyword.operator.pipe.nix
#             ^^ keyword.operator.pipe.nix
#                      ^ keyword.operator
#                              ^ keyword.operator
if-then else-x in-a or-b nullish true-ish
#<------- variable.other.nix - keyword
#       ^^^^^^ variable.other.nix - keyword
#              ^^^^ variable.other.nix - keyword
#                   ^^^^ variable.other.nix - keyword
#                        ^^^^^^^ variable.other.nix - constant.language
#                                ^^^^^^^^ variable.other.nix - constant.language
x' x'' a_b-c' _x
#<-- variable.other.nix - string
#  ^^^ variable.other.nix - string
#      ^^^^^^ variable.other.nix
#             ^^ variable.other.nix
