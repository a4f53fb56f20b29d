# `rec` makes attributes visible to each other; a plain set does not.
{
  withRec = rec { a = 1; b = a + 1; };
  plain = { c = 1; d = c + 1; };
}
