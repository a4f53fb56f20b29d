{
  description = "Nix for Humanity: a VS Code extension and language server for NixOS configurations";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" "x86_64-darwin" "aarch64-darwin" ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      manifest = builtins.fromJSON (builtins.readFile ./package.json);
      version = manifest.version;
      publisher = manifest.publisher;
      extName = manifest.name;

      # One npm build for everything: the dependencies come from package-lock.json's integrity
      # hashes (importNpmLock), so there is no separate hash to keep up to date.
      buildFor = pkgs: args: pkgs.buildNpmPackage ({
        pname = "nix-humanity";
        inherit version;
        src = self;
        nodejs = pkgs.nodejs_20;
        npmDeps = pkgs.importNpmLock { npmRoot = self; };
        npmConfigHook = pkgs.importNpmLock.npmConfigHook;
        npmBuildScript = "build";
        npmBuildFlags = [ "--" "--production" ];
        dontNpmPrune = true;
      } // args);

      # Every option and package of the pinned nixpkgs, for the extension to ship: the NixOS
      # manual's options.json (built from the options tree, user modules aside) and the package list
      # as `nix-env -qaP --json --meta` prints it. The vsix turns them into the rows the server
      # reads as its options.json source (dist/knowledge/*.rows), so a Nix user gets every option
      # and package with no evaluation at all.
      knowledgeFor = pkgs:
        let
          nixos = nixpkgs.lib.nixosSystem { system = pkgs.system; modules = [ ]; };
          optionsJSON = nixos.config.system.build.manual.optionsJSON;
        in
        pkgs.runCommand "nix-humanity-knowledge-${version}" { nativeBuildInputs = [ pkgs.nix ]; } ''
          mkdir -p $out
          cp ${optionsJSON}/share/doc/nixos/options.json $out/options.json
          # nix-env in the build, as nixpkgs' own tarball job does: a throwaway store and state.
          export NIX_STATE_DIR=$TMPDIR/state NIX_STORE_DIR=$TMPDIR/store NIX_DB_DIR=$TMPDIR/db HOME=$TMPDIR
          nix-env -f ${nixpkgs} -I nixpkgs=${nixpkgs} -qaP --json --meta \
            --option build-users-group "" --arg config '{ allowUnfree = true; allowAliases = false; }' \
            > $out/packages.json
        '';
    in
    {
      packages = forAllSystems (pkgs: rec {
        # The CLI and language server: `nix-humanity lsp --stdio`, `nix-humanity check`, ...
        nix-humanity = buildFor pkgs {
          nativeBuildInputs = [ pkgs.makeWrapper ];
          installPhase = ''
            runHook preInstall
            # the launcher, the bundle it runs (read beside it), the worker reading a large options.json,
            # and the embedded knowledge it reads on first use
            install -Dm644 dist/cli.cjs $out/lib/nix-humanity/cli.cjs
            install -Dm644 dist/cli-main.cjs $out/lib/nix-humanity/cli-main.cjs
            install -Dm644 dist/options-json-worker.cjs $out/lib/nix-humanity/options-json-worker.cjs
            install -Dm644 -t $out/lib/nix-humanity/data dist/data/*.json
            makeWrapper ${pkgs.nodejs_20}/bin/node $out/bin/nix-humanity \
              --add-flags $out/lib/nix-humanity/cli.cjs
            runHook postInstall
          '';
          meta.mainProgram = "nix-humanity";
        };

        # The options and packages index of the pinned nixpkgs (what the vsix embeds).
        knowledge = knowledgeFor pkgs;

        # The packaged extension, for `code --install-extension result/*.vsix`, with the full
        # options and packages index of the pinned nixpkgs in dist/knowledge/.
        vsix = buildFor pkgs {
          pname = "nix-humanity-vsix";
          installPhase = ''
            runHook preInstall
            mkdir -p $out dist/knowledge
            cp ${knowledge}/options.json ${knowledge}/packages.json dist/knowledge/
            # their rows, built here once, so no installation converts them on its first start; the
            # server reads only the rows, so the 43 MB of JSON they were made from are not shipped
            node dist/options-json-worker.cjs dist/knowledge/options.json
            rm dist/knowledge/options.json dist/knowledge/packages.json
            node node_modules/@vscode/vsce/vsce package --no-dependencies --no-rewrite-relative-links \
              --out $out/nix-humanity-${version}.vsix
            runHook postInstall
          '';
        };

        # The extension unpacked where `vscode-with-extensions` and home-manager look for it.
        vscode-extension = pkgs.stdenvNoCC.mkDerivation {
          pname = "vscode-extension-${publisher}-${extName}";
          inherit version;
          src = vsix;
          nativeBuildInputs = [ pkgs.unzip ];
          dontUnpack = true;
          installPhase = ''
            runHook preInstall
            dir=$out/share/vscode/extensions/${publisher}.${extName}
            mkdir -p $dir
            unzip -q $src/nix-humanity-${version}.vsix 'extension/*' -d $TMPDIR/vsix
            cp -r $TMPDIR/vsix/extension/. $dir/
            runHook postInstall
          '';
          passthru = {
            vscodeExtPublisher = publisher;
            vscodeExtName = extName;
            vscodeExtUniqueId = "${publisher}.${extName}";
          };
        };

        default = nix-humanity;
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.system}.nix-humanity}/bin/nix-humanity";
        };
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages = [ pkgs.nodejs_20 pkgs.nix pkgs.git pkgs.openssh ];
        };
      });
    };
}
