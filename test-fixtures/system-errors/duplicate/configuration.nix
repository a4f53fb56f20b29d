{
  services.openssh.enable = true;
  networking.hostName = "laptop";
  services.openssh.enable = false;
}
