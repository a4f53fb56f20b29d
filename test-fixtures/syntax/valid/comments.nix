/* leading block */ # and a line comment
{ /* in a set */ a /* after a name */ = /* before a value */ 1 /* after */; # end
  b = [ # in a list
    1 # one
    /* two */ 2
  ];
  /** doc comment */
  c = x: /* body */ x;
  d = "# not a comment /* nor this */";
  e = ''
    # nor this
  '';
}
# trailing
