{ pkgs, ... }:

{
  networking.hostName = "laptop";

  environment.systemPackages = [ pkgs.git pkgs.neovim ];

  programs.zsh.enable = true;

  users.users.dana = {
    isNormalUser = true;
    shell = pkgs.zsh;
    extraGroups = [ "wheel" "video" ];
  };

  services.printing.enable = true;

  system.stateVersion = "24.05";
}
