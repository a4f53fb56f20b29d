# Mimics NixOS's assertion check: a throw whose text is the "Failed assertions" list.
let
  failed = [ "boot.loader.grub.device must be set when GRUB is enabled." "users.users.alice.home must be an absolute path." ];
in
if failed != [ ] then throw "\nFailed assertions:\n${builtins.concatStringsSep "\n" (map (x: "- ${x}") failed)}" else { }
