# A fixed-output derivation whose declared hash is wrong (a stand-in for fetchurl).
{
  sri = derivation {
    name = "greeting-1.0";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" "echo hello > $out" ];
    PATH = "/usr/bin:/bin";
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };
  base32 = derivation {
    name = "farewell-1.0";
    system = builtins.currentSystem;
    builder = "/bin/sh";
    args = [ "-c" "echo goodbye > $out" ];
    PATH = "/usr/bin:/bin";
    outputHashMode = "flat";
    outputHashAlgo = "sha256";
    outputHash = "00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq";
  };
}
