# A tiny stand-in for the NixOS module system, enough to produce its real error texts (from
# nixpkgs lib/modules.nix and lib/types.nix) with real Nix, for one configuration file.
{ configuration }:
let
  inherit (builtins) attrNames concatMap concatStringsSep elem filter hasAttr head isAttrs isBool isInt isList isString length toJSON typeOf;
  options = {
    "services.openssh.enable" = { type = "boolean"; check = isBool; };
    "services.xserver.enable" = { type = "boolean"; check = isBool; };
    "networking.hostName" = { type = "string"; check = isString; };
    "networking.firewall.allowedTCPPorts" = {
      type = "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)";
      check = v: isList v && builtins.all (p: isInt p && p >= 0 && p <= 65535) v;
    };
    "boot.loader.timeout" = { type = "null or signed integer"; check = v: v == null || isInt v; };
    "time.timeZone" = { type = "null or string"; check = v: v == null || isString v; };
  };
  lib = { mkDefault = v: v; mkForce = v: v; };
  module = import configuration { config = { }; pkgs = { }; inherit lib; };
  name = path: concatStringsSep "." path;
  # Leaf definitions: descend into sets until the path is a declared option.
  defs = prefix: value:
    if hasAttr (name prefix) options || !(isAttrs value) then [ { path = prefix; inherit value; } ]
    else concatMap (n: defs (prefix ++ [ n ]) value.${n}) (attrNames value);
  show = v:
    if isString v then toJSON v
    else if isList v then "[ ${concatStringsSep " " (map show v)} ]"
    else if isBool v then (if v then "true" else "false")
    else if isAttrs v then "{ ... }"
    else toJSON v;
  file = toString configuration;
  check = d:
    let n = name d.path; in
    if !(hasAttr n options) then
      throw "The option `${n}' does not exist. Definition values:\n- In `${file}': ${show d.value}"
    else if !(options.${n}.check d.value) then
      throw "A definition for option `${n}' is not of type `${options.${n}.type}'. Definition values:\n- In `${file}': ${show d.value}"
    else true;
  all = defs [ ] (removeAttrs module [ "imports" ]);
in
builtins.deepSeq (map check all) "ok"
