# Overlay used by every machine: pins, patches and a few local packages.
final: prev:

let
  inherit (prev) lib;
  # Bump a package's version and hash without rewriting its expression.
  bump = pkg: version: hash: pkg.overrideAttrs (old: {
    inherit version;
    src = prev.fetchurl {
      url = builtins.replaceStrings [ old.version ] [ version ] old.src.url;
      inherit hash;
    };
  });
in
{
  hello-tool = final.callPackage ./pkgs/hello-tool.nix { withDocs = false; };

  python3 = prev.python3.override {
    packageOverrides = pyFinal: pyPrev: {
      tidy-config = pyFinal.callPackage ./pkgs/python-lib.nix { };
      requests = pyPrev.requests.overridePythonAttrs (old: {
        doCheck = false;
        meta = old.meta // { description = old.meta.description + " (no tests)"; };
      });
    };
  };
  python3Packages = final.python3.pkgs;

  htop = bump prev.htop "3.3.0" "sha256-DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD=";

  nginx = prev.nginx.override {
    modules = (prev.nginx.modules or [ ]) ++ [ prev.nginxModules.brotli ];
  };

  # Firefox with a policy baked in.
  firefox = prev.firefox.override {
    extraPolicies = {
      DisableTelemetry = true;
      DisablePocket = true;
      DNSOverHTTPS.Enabled = false;
    };
  };

  scripts = prev.symlinkJoin {
    name = "local-scripts";
    paths = lib.mapAttrsToList (name: text: prev.writeShellScriptBin name text) {
      nix-size = ''
        nix path-info -Sh "''${1:-/run/current-system}"
      '';
      nix-why = ''
        nix why-depends /run/current-system "$1"
      '';
    };
  };

  lib = prev.lib.extend (lfinal: lprev: {
    mine.enableAll = names: lprev.genAttrs names (_: { enable = true; });
  });

  vimPlugins = prev.vimPlugins // lib.optionalAttrs (prev ? vimUtils) {
    local-theme = prev.vimUtils.buildVimPlugin {
      pname = "local-theme";
      version = "unstable-2024-05-01";
      src = ./vim/local-theme;
    };
  };
}
