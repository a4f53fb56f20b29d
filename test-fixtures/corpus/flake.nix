{
  description = "Machines and home directories of a small household";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";
    nixpkgs-unstable.url = "github:NixOS/nixpkgs/nixos-unstable";
    home-manager = {
      url = "github:nix-community/home-manager/release-24.05";
      inputs.nixpkgs.follows = "nixpkgs";
    };
    hardware.url = "github:NixOS/nixos-hardware";
  };

  outputs = { self, nixpkgs, nixpkgs-unstable, home-manager, ... }@inputs:
    let
      inherit (nixpkgs) lib;
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});

      # Packages from unstable, reachable as pkgs.unstable.<name>.
      unstableOverlay = final: prev: {
        unstable = import nixpkgs-unstable {
          inherit (prev) system;
          config.allowUnfree = true;
        };
      };

      mkHost = { hostName, system ? "x86_64-linux", modules ? [ ], users ? [ "alice" ] }:
        lib.nixosSystem {
          inherit system;
          specialArgs = { inherit inputs; };
          modules = [
            ./hosts/${hostName}/configuration.nix
            { nixpkgs.overlays = [ unstableOverlay self.overlays.default ]; }
            { networking.hostName = lib.mkDefault hostName; }
            home-manager.nixosModules.home-manager
            {
              home-manager.useGlobalPkgs = true;
              home-manager.useUserPackages = true;
              home-manager.extraSpecialArgs = { inherit inputs; };
              home-manager.users = lib.genAttrs users (user: import ./home/${user}.nix);
            }
          ] ++ modules;
        };
    in
    {
      overlays.default = import ./overlays.nix;

      nixosConfigurations = {
        atlas = mkHost { hostName = "atlas"; };
        kite = mkHost {
          hostName = "kite";
          modules = [ inputs.hardware.nixosModules.lenovo-thinkpad-x1-11th-gen ];
          users = [ "alice" "bob" ];
        };
        vault = mkHost {
          hostName = "vault";
          system = "aarch64-linux";
          users = [ ];
        };
      };

      homeConfigurations."alice@work" = home-manager.lib.homeManagerConfiguration {
        pkgs = nixpkgs.legacyPackages.x86_64-linux;
        modules = [
          ./home/alice.nix
          {
            home.username = "alice";
            home.homeDirectory = "/home/alice";
            programs.git.userEmail = lib.mkForce "alice@work.example";
          }
        ];
      };

      packages = forAllSystems (pkgs: {
        hello-tool = pkgs.callPackage ./pkgs/hello-tool.nix { };
        default = self.packages.${pkgs.system}.hello-tool;
      });

      devShells = forAllSystems (pkgs: {
        default = import ./shell.nix { inherit pkgs; };
      });

      formatter = forAllSystems (pkgs: pkgs.nixpkgs-fmt);

      checks = forAllSystems (pkgs:
        lib.optionalAttrs (pkgs.system == "x86_64-linux") {
          atlas = self.nixosConfigurations.atlas.config.system.build.toplevel;
        });
    };
}
