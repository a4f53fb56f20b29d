# Desktop workstation: GNOME, printing, sound, a couple of users and some
# per-machine tweaks. Edited by hand over a few releases, as these files are.
{ config, pkgs, lib, ... }:

let
  # Fonts shared by the console and the desktop.
  fontPackages = with pkgs; [
    noto-fonts
    noto-fonts-emoji
    fira-code
    (nerdfonts.override { fonts = [ "FiraCode" "JetBrainsMono" ]; })
  ];

  mainUser = "alice";
  kernel = pkgs.linuxPackages_latest;
in
{
  imports = [
    ./hardware-configuration.nix
    ./modules/backup.nix
  ];

  boot.loader.systemd-boot.enable = true;
  boot.loader.efi.canTouchEfiVariables = true;
  boot.kernelPackages = kernel;
  boot.kernelParams = [ "quiet" "splash" "mem_sleep_default=deep" ];
  boot.supportedFilesystems = [ "ntfs" ];

  networking.hostName = "atlas";
  networking.networkmanager.enable = true;
  networking.firewall = {
    enable = true;
    allowedTCPPorts = [ 22 8080 ];
    allowedUDPPortRanges = [ { from = 60000; to = 61000; } ];
  };

  time.timeZone = "Europe/Berlin";
  i18n.defaultLocale = "en_GB.UTF-8";
  i18n.extraLocaleSettings = {
    LC_TIME = "de_DE.UTF-8";
    LC_MONETARY = "de_DE.UTF-8";
  };
  console.keyMap = "de";

  services.xserver = {
    enable = true;
    layout = "de";
    xkbVariant = "nodeadkeys";
    displayManager.gdm.enable = true;
    desktopManager.gnome.enable = true;
    libinput.enable = true;
  };

  services.printing = {
    enable = true;
    drivers = [ pkgs.gutenprint pkgs.hplip ];
  };
  services.avahi.enable = true;
  services.avahi.nssmdns = true;

  sound.enable = false;
  hardware.pulseaudio.enable = false;
  security.rtkit.enable = true;
  services.pipewire = {
    enable = true;
    alsa.enable = true;
    alsa.support32Bit = true;
    pulse.enable = true;
  };

  hardware.opengl.driSupport32Bit = config.programs.steam.enable;
  programs.steam.enable = true;
  programs.firefox.enable = true;
  programs.gnupg.agent = {
    enable = true;
    enableSSHSupport = true;
  };

  fonts.packages = fontPackages;
  fonts.fontconfig.defaultFonts.monospace = [ "Fira Code" ];

  users.users.${mainUser} = {
    isNormalUser = true;
    description = "Alice Example";
    extraGroups = [ "wheel" "networkmanager" "audio" "video" "lp" ];
    shell = pkgs.zsh;
    packages = with pkgs; [
      thunderbird
      libreoffice-fresh
      gimp
      inkscape
      vlc
    ];
  };
  users.users.guest = {
    isNormalUser = true;
    initialPassword = "guest";
  };
  programs.zsh.enable = true;

  environment.systemPackages = with pkgs; [
    vim
    git
    wget
    htop
    ripgrep
    gnome.gnome-tweaks
  ] ++ lib.optionals config.services.printing.enable [ pkgs.system-config-printer ];

  environment.variables = {
    EDITOR = "vim";
    MOZ_ENABLE_WAYLAND = "1";
  };

  nixpkgs.config.allowUnfree = true;
  nixpkgs.config.permittedInsecurePackages = [ ];

  nix.settings = {
    experimental-features = [ "nix-command" "flakes" ];
    auto-optimise-store = true;
    trusted-users = [ "root" mainUser ];
  };
  nix.gc = {
    automatic = true;
    dates = "weekly";
    options = "--delete-older-than 14d";
  };

  # Swap on zram instead of a swap partition.
  zramSwap.enable = true;
  zramSwap.memoryPercent = 50;

  system.stateVersion = "24.05"; # Did you read the comment?
}
