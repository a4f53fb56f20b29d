# home-manager configuration for one user.
{ config, pkgs, lib, inputs ? null, ... }:

let
  inherit (lib) mkIf optionals;
  isLinux = pkgs.stdenv.hostPlatform.isLinux;
  gitAliases = {
    co = "checkout";
    st = "status -sb";
    lg = "log --graph --oneline --decorate --all";
    amend = "commit --amend --no-edit";
  };
in
{
  home.username = "alice";
  home.homeDirectory = if isLinux then "/home/alice" else "/Users/alice";
  home.stateVersion = "24.05";

  home.packages = with pkgs; [
    jq
    fd
    bat
    tree
    unzip
  ] ++ optionals isLinux [ pkgs.xdg-utils pkgs.libnotify ];

  home.sessionVariables = {
    PAGER = "less -R";
    MANPAGER = "sh -c 'col -bx | bat -l man -p'";
  };

  home.file.".config/nvim/init.lua".text = ''
    vim.opt.number = true
    vim.opt.expandtab = true
    vim.opt.shiftwidth = 2
  '';
  home.file.".local/bin/backup-notes" = {
    executable = true;
    source = ./scripts/backup-notes.sh;
  };

  programs.git = {
    enable = true;
    userName = "Alice Example";
    userEmail = "alice@example.org";
    aliases = gitAliases;
    ignores = [ "*~" ".direnv/" "result" "result-*" ];
    extraConfig = {
      init.defaultBranch = "main";
      pull.rebase = true;
      merge.conflictStyle = "zdiff3";
      url."git@github.com:".insteadOf = "https://github.com/";
    };
    delta.enable = true;
  };

  programs.zsh = {
    enable = true;
    enableCompletion = true;
    autosuggestion.enable = true;
    history = {
      size = 100000;
      path = "${config.xdg.dataHome}/zsh/history";
      ignoreDups = true;
    };
    shellAliases = {
      ll = "ls -lah";
      rebuild = "sudo nixos-rebuild switch --flake /etc/nixos#${lib.toLower "ATLAS"}";
      ".." = "cd ..";
    };
    initExtra = ''
      bindkey '^R' history-incremental-search-backward
      # ''${HOME} is expanded by the shell, not by Nix
      export PATH="''${HOME}/.local/bin:$PATH"
    '';
  };

  programs.direnv = {
    enable = true;
    nix-direnv.enable = true;
  };

  programs.starship = {
    enable = true;
    settings = {
      add_newline = false;
      character.success_symbol = "[➜](bold green)";
      nix_shell.format = "via [$symbol$state]($style) ";
      cmd_duration.min_time = 2000;
    };
  };

  services.gpg-agent = mkIf isLinux {
    enable = true;
    defaultCacheTtl = 3600;
    pinentryPackage = pkgs.pinentry-gnome3;
  };

  xdg.enable = true;
  xdg.userDirs = mkIf isLinux {
    enable = true;
    createDirectories = true;
    documents = "${config.home.homeDirectory}/Documents";
  };

  news.display = if inputs == null then "silent" else "notify";
}
