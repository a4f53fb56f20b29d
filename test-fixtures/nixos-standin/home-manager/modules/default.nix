# Home Manager's modules, as its NixOS module hands them to each user's submodule.
[ ./home.nix ./programs/git.nix ]
