{ config, ... }:
{
  environment.systemPackages = [ firefox ];
}
