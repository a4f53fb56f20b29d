# The parts of nixpkgs' lib that stand-in configurations use.
rec {
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkDefault = mkOverride 1000;
  mkForce = mkOverride 50;
  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOption = attrs: attrs // { _type = "option"; };
  mkEnableOption = name: mkOption { type = types.bool; default = false; example = true; description = "Whether to enable ${name}."; };
  literalExpression = text: { _type = "literalExpression"; inherit text; };
  # Simple types are their names; the constructors are tagged sets. eval-config.nix turns both
  # into the records it checks and merges with (and describes as NixOS does).
  types = {
    bool = "bool";
    str = "str";
    int = "int";
    port = "port";
    package = "package";
    path = "path";
    lines = "lines";
    attrs = "attrs";
    anything = "anything";
    listOf = elem: { kind = "listOf"; inherit elem; };
    attrsOf = elem: { kind = "attrsOf"; inherit elem; };
    nullOr = elem: { kind = "nullOr"; inherit elem; };
    enum = values: { kind = "enum"; inherit values; };
    # A submodule is a module (a path, a function or a set with `options`) or, with submoduleWith,
    # a list of them; its options are declared per element of an attrsOf.
    submodule = module: { kind = "submodule"; modules = [ module ]; };
    submoduleWith = { modules, ... }: { kind = "submodule"; inherit modules; };
  };
}
