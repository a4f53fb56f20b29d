{ pkgs ? import <nixpkgs> { config = { }; overlays = [ ]; }
, withPython ? true
}:

let
  python = pkgs.python3.withPackages (ps: with ps; [ requests pyyaml pytest ]);
  nodeVersion = "20";
in
pkgs.mkShell {
  name = "dev-shell";

  packages = with pkgs; [
    git
    gnumake
    nixpkgs-fmt
    nodejs_20
    shellcheck
  ] ++ pkgs.lib.optional withPython python;

  inputsFrom = [ ];

  NODE_OPTIONS = "--max-old-space-size=4096";
  LOCALE_ARCHIVE = pkgs.lib.optionalString pkgs.stdenv.isLinux "${pkgs.glibcLocales}/lib/locale/locale-archive";

  shellHook = ''
    echo "node $(node --version) (wanted ${nodeVersion}), ${if withPython then "with" else "without"} python"
    export PATH="$PWD/node_modules/.bin:$PATH"
    if [ ! -d node_modules ]; then
      echo 'run `npm ci` first'
    fi
  '';
}
