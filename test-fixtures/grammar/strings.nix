# SYNTAX TEST: double-quoted and indented strings.
"plain \n \r \t \" \\ \q"
#<- string.quoted.double.nix punctuation.definition.string.begin.nix
#^^^^^ string.quoted.double.nix - constant.character.escape
#      ^^ constant.character.escape.nix
#         ^^ constant.character.escape.nix
#            ^^ constant.character.escape.nix
#               ^^ constant.character.escape.nix
#                  ^^ constant.character.escape.nix
#                     ^^ constant.character.escape.nix
#                       ^ punctuation.definition.string.end.nix
"a ${b} c"
#  ^^ meta.embedded punctuation.section.embedded.begin.nix
#    ^ meta.embedded source.nix variable.other.nix
#     ^ punctuation.section.embedded.end.nix
#       ^ string.quoted.double.nix - meta.embedded
"${ "nested ${x}" }"
#^^ punctuation.section.embedded.begin.nix
#   ^ meta.embedded string.quoted.double.nix punctuation.definition.string.begin.nix
#    ^^^^^^^ meta.embedded string.quoted.double.nix
#           ^^ meta.embedded meta.embedded punctuation.section.embedded.begin.nix
#             ^ meta.embedded meta.embedded variable.other.nix
#                 ^ meta.embedded punctuation.section.embedded.end.nix
#                  ^ punctuation.definition.string.end.nix
"${ { a = 1; }.a + f "}" }" after
#   ^ meta.embedded meta.attrset punctuation.section.braces.begin.nix
#     ^ entity.other.attribute-name.nix
#                    ^^^ meta.embedded string.quoted.double.nix
#                        ^ punctuation.section.embedded.end.nix
#                           ^^^^^ variable.other.nix - string
"$${literal} $$${interp} $$"
#^^^ constant.character.escape.nix
#   ^^^^^^^^ string.quoted.double.nix - meta.embedded - constant.character.escape
#              ^^ punctuation.section.embedded.begin.nix
#                ^^^^^^ meta.embedded variable.other.nix
#                        ^^ string.quoted.double.nix - constant.character.escape
"multi
line ${x}"
#<--- string.quoted.double.nix
#      ^ variable.other.nix
x
#<- variable.other.nix - string
''
#<- string.quoted.other.nix punctuation.definition.string.begin.nix
  indented ${y} ''${literal} ''' ''\n ''\t "quotes" \n
# ^^^^^^^^ string.quoted.other.nix
#          ^^ punctuation.section.embedded.begin.nix
#            ^ meta.embedded variable.other.nix
#               ^^^ constant.character.escape.nix
#                  ^^^^^^^^^ string.quoted.other.nix - meta.embedded - constant.character.escape
#                            ^^^ constant.character.escape.nix
#                                ^^^^ constant.character.escape.nix
#                                     ^^^^ constant.character.escape.nix
#                                          ^^^^^^^^ string.quoted.other.nix - punctuation.definition.string
#                                                   ^^ string.quoted.other.nix - constant.character.escape
  it's fine, ${ ''nested ${z}'' } $${no}
#   ^ string.quoted.other.nix - punctuation.definition.string
#               ^^ meta.embedded string.quoted.other.nix punctuation.definition.string.begin.nix
#                          ^ meta.embedded meta.embedded variable.other.nix
#                            ^^ meta.embedded punctuation.definition.string.end.nix
#                                 ^^^ constant.character.escape.nix
''
#<- string.quoted.other.nix punctuation.definition.string.end.nix
foo'' bar
#<---- variable.other.nix - string
