# A NixOS flake over the stand-in: tests copy this folder and ../nixpkgs (as ./nixpkgs) into a
# temporary git repository. No inputs, so it evaluates offline.
{
  outputs = { self }:
    let
      # Flakes evaluate without builtins.currentSystem; tests write the machine's system here.
      system = import ./system.nix;
      nixosSystem = { modules }: import ./nixpkgs/nixos/lib/eval-config.nix { inherit modules system; };
    in
    {
      nixosConfigurations.standin = nixosSystem { modules = [ ./configuration.nix ]; };
      nixosConfigurations.other = nixosSystem { modules = [ ./configuration.nix ({ lib, ... }: { networking.hostName = lib.mkForce "other"; }) ]; };
    };
}
