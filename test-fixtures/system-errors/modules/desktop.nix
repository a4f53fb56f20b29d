{ ... }:
{
  networking = {
    firewall = { allowedTCPPort = [ 80 ]; };
  };
}
