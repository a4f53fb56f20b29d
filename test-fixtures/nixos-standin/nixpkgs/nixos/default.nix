# Like nixpkgs/nixos/default.nix: the configuration comes from the argument, NIXOS_CONFIG, or <nixos-config>.
{ configuration ?
    (let fromEnv = builtins.getEnv "NIXOS_CONFIG"; in if fromEnv != "" then fromEnv else <nixos-config>)
, system ? builtins.currentSystem
, withIndex ? false
}:
let
  eval = import ./lib/eval-config.nix { inherit system withIndex; modules = [ configuration ]; };
in
{
  inherit (eval) config options standinValues;
  system = eval.config.system.build.toplevel;
  vm = eval.config.system.build.vm;
  vmWithBootLoader = eval.config.system.build.vmWithBootLoader;
}
