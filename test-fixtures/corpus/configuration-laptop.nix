{ config, pkgs, lib, ... }@args:

# Laptop: encrypted root, TLP power tuning, Sway, Bluetooth and a VPN that is
# only started on demand. Uses a couple of conditional blocks.
let
  cfg = config.laptop;
  isIntel = builtins.elem "kvm-intel" config.boot.kernelModules;
  battery = {
    start = 40;
    stop = 80;
  };
  swayPackages = with pkgs; [ swaylock swayidle wl-clipboard mako wofi grim slurp ];
in
{
  imports = [ ./hardware-configuration.nix ];

  options.laptop.touchpadNaturalScrolling = lib.mkOption {
    type = lib.types.bool;
    default = true;
    description = "Scroll like a phone.";
  };

  config = lib.mkMerge [
    {
      boot.loader.systemd-boot.enable = true;
      boot.loader.efi.canTouchEfiVariables = true;
      boot.initrd.luks.devices."cryptroot" = {
        device = "/dev/disk/by-uuid/6a1f4b7e-0000-4000-8000-2c1d9e3f5a10";
        allowDiscards = true;
        bypassWorkqueues = true;
      };
      boot.kernelParams = lib.optional isIntel "i915.enable_psr=1";

      networking.hostName = "kite";
      networking.wireless.iwd.enable = true;
      networking.networkmanager = {
        enable = true;
        wifi.backend = "iwd";
      };

      hardware.bluetooth = {
        enable = true;
        powerOnBoot = false;
        settings.General.Experimental = true;
      };
      services.blueman.enable = true;

      services.power-profiles-daemon.enable = false;
      services.tlp = {
        enable = true;
        settings = {
          CPU_SCALING_GOVERNOR_ON_AC = "performance";
          CPU_SCALING_GOVERNOR_ON_BAT = "powersave";
          START_CHARGE_THRESH_BAT0 = battery.start;
          STOP_CHARGE_THRESH_BAT0 = battery.stop;
          USB_AUTOSUSPEND = 1;
        };
      };
      services.thermald.enable = isIntel;
      services.logind = {
        lidSwitch = "suspend-then-hibernate";
        lidSwitchExternalPower = "lock";
        extraConfig = ''
          HandlePowerKey=hibernate
          IdleAction=suspend
          IdleActionSec=20min
        '';
      };
      systemd.sleep.extraConfig = "HibernateDelaySec=2h";

      programs.sway = {
        enable = true;
        wrapperFeatures.gtk = true;
        extraPackages = swayPackages;
      };
      services.libinput.touchpad = {
        naturalScrolling = cfg.touchpadNaturalScrolling;
        tapping = true;
        disableWhileTyping = true;
      };
      xdg.portal.wlr.enable = true;

      users.users.bob = {
        isNormalUser = true;
        extraGroups = [ "wheel" "video" ] ++ lib.optional config.networking.networkmanager.enable "networkmanager";
        hashedPassword = "$6$rounds=100000$fakefakefake$notARealHashJustForTheTests.0123456789";
      };

      environment.systemPackages = [
        pkgs.brightnessctl
        pkgs.powertop
        (pkgs.writeShellScriptBin "battery" ''
          cat /sys/class/power_supply/BAT0/capacity
        '')
      ];
      system.stateVersion = "24.05";
    }

    (lib.mkIf (args ? specialArgs && args.specialArgs.withVpn or false) {
      services.openvpn.servers.work = {
        config = "config /root/vpn/work.ovpn";
        autoStart = false;
        updateResolvConf = true;
      };
    })

    (lib.mkIf (!cfg.touchpadNaturalScrolling) {
      services.xserver.libinput.mouse.accelProfile = "flat";
      services.xserver.libinput.mouse.accelSpeed = "-0.5";
    })
  ];
}
