let
  settings = settings // { enable = true; };
in
settings.enable
