{
  networking.hostName = "laptop";
  time.timeZone = "UTC"
}
