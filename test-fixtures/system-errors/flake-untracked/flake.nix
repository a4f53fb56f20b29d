{
  outputs = { self }: {
    settings = import ./settings.nix;
  };
}
