/* A small library in the style of nixpkgs' lib: string and list helpers.
   Each function has a short doc comment and examples. */
{ lib }:

rec {
  /* Joins a list of strings with a separator.

     Example:
       join ", " [ "a" "b" ]
       => "a, b"
  */
  join = sep: list: builtins.concatStringsSep sep list;

  /* Repeats a string n times. */
  repeat = n: s: if n <= 0 then "" else s + repeat (n - 1) s;

  /* Pads a string on the left to a width. */
  padLeft = width: s:
    let len = builtins.stringLength s;
    in if len >= width then s else repeat (width - len) " " + s;

  /* True when `s` starts with `prefix`. */
  hasPrefix = prefix: s:
    builtins.substring 0 (builtins.stringLength prefix) s == prefix;

  /* Drops a prefix if it is there. */
  removePrefix = prefix: s:
    let n = builtins.stringLength prefix;
    in if hasPrefix prefix s then builtins.substring n (-1) s else s;

  /* Splits on a single-character separator, keeping empty fields. */
  splitChar = sep: s:
    builtins.filter builtins.isString (builtins.split (lib.escapeRegex sep) s);

  /* Clamps a number between lo and hi. */
  clamp = lo: hi: x: if x < lo then lo else if x > hi then hi else x;

  /* The sum and mean of a list of numbers. */
  sum = builtins.foldl' (a: b: a + b) 0;
  mean = xs: assert xs != [ ]; sum xs / (builtins.length xs * 1.0);

  /* Applies f to the attribute values named in `names`, leaving the rest. */
  updateSome = names: f: set:
    set // builtins.listToAttrs (map (name: { inherit name; value = f set.${name}; })
      (builtins.filter (n: set ? ${n}) names));

  /* Converts a boolean to "yes"/"no" for config files. */
  yesNo = b: if b then "yes" else "no";

  /* Percent-escapes the characters config files dislike. */
  escape = builtins.replaceStrings [ "%" " " "\"" "\n" "\\" ] [ "%25" "%20" "%22" "%0A" "%5C" ];

  /* Sorting order used by version-like strings: "1.10" > "1.9". */
  versionLess = a: b: builtins.compareVersions a b < 0;

  /* Nested lookup with a default, as in attrByPath. */
  getPath = path: default: set:
    let
      go = s: ps:
        if ps == [ ] then s
        else if builtins.isAttrs s && s ? ${builtins.head ps} then go s.${builtins.head ps} (builtins.tail ps)
        else default;
    in go set path;

  /* Boolean helpers mixing operators of several precedences. */
  implies = a: b: a -> b;
  xor = a: b: (a || b) && !(a && b);
  between = lo: hi: x: lo <= x && x <= hi && !(x == hi && hi != lo);

  constants = {
    e = 2.718281828;
    half = .5;
    big = 1.5e10;
    negative = -42;
    maxInt = 9223372036854775807;
  };

  /* Legacy syntax is still accepted by Nix. */
  legacy = let { x = 1; y = x + 1; body = { inherit x y; }; };
  homepage = https://example.org/lib-strings;
  nixpkgsPath = <nixpkgs/lib>;
  here = ./.;
  sibling = ../corpus;
}
