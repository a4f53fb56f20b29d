# Evaluates this repository's flake.nix outputs against a small stand-in nixpkgs (nixpkgs itself is
# not reachable offline). Each stand-in function returns its arguments, so the test can check what
# the flake asks nixpkgs to build.
{ flakeDir }:
let
  flake = import (flakeDir + "/flake.nix");
  genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  called = fn: args: args // { calledFunction = fn; outPath = "/nix/store/stand-in-${fn}"; };
  pkgsFor = system: {
    inherit system;
    buildNpmPackage = called "buildNpmPackage";
    importNpmLock = {
      __functor = _: called "importNpmLock";
      npmConfigHook = "stand-in-npmConfigHook";
    };
    stdenvNoCC.mkDerivation = called "mkDerivation";
    mkShell = called "mkShell";
    runCommand = name: env: script: called "runCommand" (env // { inherit name script; });
    nodejs_20 = "/nix/store/stand-in-nodejs-20";
    makeWrapper = "makeWrapper";
    unzip = "unzip";
    nix = "nix";
    git = "git";
    openssh = "openssh";
  };
  nixpkgs = {
    lib = {
      inherit genAttrs;
      # The NixOS manual's optionsJSON of a system with no modules of its own.
      nixosSystem = args: { config.system.build.manual.optionsJSON = "/nix/store/stand-in-optionsJSON-${args.system}"; };
    };
    outPath = "/nix/store/stand-in-nixpkgs";
    legacyPackages = genAttrs [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ] pkgsFor;
  };
  self = outputs // { outPath = flakeDir; };
  outputs = flake.outputs { inherit self nixpkgs; };
  linux = outputs.packages.x86_64-linux;
in
{
  description = flake.description;
  systems = builtins.attrNames outputs.packages;
  packages = builtins.attrNames linux;
  cliBuilder = linux.nix-humanity.calledFunction;
  cliVersion = linux.nix-humanity.version;
  cliNodejs = linux.nix-humanity.nodejs;
  cliInstall = linux.nix-humanity.installPhase;
  npmRootIsSelf = linux.nix-humanity.npmDeps.npmRoot == self;
  vsixInstall = linux.vsix.installPhase;
  knowledgeScript = linux.knowledge.script;
  knowledgeInputs = linux.knowledge.nativeBuildInputs;
  extensionId = linux.vscode-extension.passthru.vscodeExtUniqueId;
  extensionInstall = linux.vscode-extension.installPhase;
  defaultIsCli = linux.default.pname == "nix-humanity";
  app = outputs.apps.x86_64-linux.default.program;
  devShellPackages = outputs.devShells.x86_64-linux.default.packages;
}
