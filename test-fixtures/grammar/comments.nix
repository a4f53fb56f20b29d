# SYNTAX TEST: comments. Lines like "#   ^^ scope" below are assertions.
# a line comment
#<- comment.line.number-sign.nix punctuation.definition.comment.nix
#   ^^^^^^^ comment.line.number-sign.nix
let x = 1; # trailing comment
#          ^^^^^^^^^^^^^^^^^^ comment.line.number-sign.nix
in x # comment does not eat the next line
y
#<- variable.other.nix - comment
/* a block
#  ^^^^^ comment.block.nix
   spanning lines # with a hash
#  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.nix
*/ z
#<- comment.block.nix punctuation.definition.comment.end.nix
#  ^ variable.other.nix - comment
f /* inline */ g
# ^^ punctuation.definition.comment.begin.nix
#   ^^^^^^ comment.block.nix
#              ^ variable.other.nix - comment
"# not a comment"
#^^^^^^^^^^^^^^^ string.quoted.double.nix - comment
./a#b
#<-- string.unquoted.path.nix
#  ^^ comment.line.number-sign.nix
# region Networking
#<- comment.line.number-sign.nix
# endregion
