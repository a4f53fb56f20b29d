# A small module system in the shape of nixpkgs' lib/modules.nix: modules are paths, functions or
# attribute sets with `imports`; definitions are checked against declared options and merged by
# priority (lib.mkDefault / lib.mkForce), and errors use NixOS's own texts.
# withIndex: also every option and package of the embedded index (the request tests, test/intent).
{ modules, system ? builtins.currentSystem, isSpecialisation ? false, withIndex ? false }:
let
  inherit (builtins) all any attrNames concatMap concatStringsSep filter foldl' hasAttr head isAttrs
    isBool isFunction isInt isList isPath isString length listToAttrs replaceStrings tail toJSON;
  lib = import ../../lib.nix;
  # nixpkgs.overlays applied, as NixOS's `pkgs` module argument (and eval-config's `pkgs` output).
  pkgs = foldl' (prev: overlay: prev // overlay pkgs prev) (import ../.. { inherit system withIndex; }) (valueOf "nixpkgs.overlays");

  isDerivation = v: isAttrs v && (v.type or null) == "derivation";
  types = {
    bool = { name = "boolean"; check = isBool; };
    str = { name = "string"; check = isString; };
    int = { name = "signed integer"; check = isInt; };
    port = { name = "16 bit unsigned integer; between 0 and 65535 (both inclusive)"; check = v: isInt v && v >= 0 && v <= 65535; };
    nullOrStr = { name = "null or string"; check = v: v == null || isString v; };
    listOfStr = { name = "list of string"; check = v: isList v && all isString v; merge = "concat"; };
    listOfPort = { name = "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)"; check = v: isList v && all isInt v; merge = "concat"; };
    listOfPackage = { name = "list of package"; check = v: isList v && all isDerivation v; merge = "concat"; };
    nullOrPackage = { name = "null or package"; check = v: v == null || isDerivation v; };
    rootLogin = { name = "one of \"yes\", \"without-password\", \"prohibit-password\", \"forced-commands-only\", \"no\""; check = v: builtins.elem v [ "yes" "without-password" "prohibit-password" "forced-commands-only" "no" ]; };
    attrsOfSubmodule = { name = "attribute set of (submodule)"; check = isAttrs; merge = "attrs"; };
    # Loose types for the options intent-options.nix declares (the request tests compare values).
    anything = { name = "anything"; check = _: true; };
    listOfAny = { name = "list"; check = isList; merge = "concat"; };
    attrsDeep = { name = "attribute set"; check = isAttrs; merge = "deep"; };
  };
  # option TYPE DEFAULT, and optionWith for one with documentation (what the options tree shows).
  option = type: default: { inherit type default; };
  optionWith = type: default: doc: { inherit type default; } // doc;
  # The options of a submodule (attrsOf submodule levels show as `<name>` in the options tree).
  subOptions = {
    "users.users" = {
      shell = optionWith types.nullOrPackage null { description = "The user's login shell."; defaultText = "pkgs.shadow"; };
      isNormalUser = optionWith types.bool false { description = "Whether this is a real person's account (a home folder, a login shell)."; };
      extraGroups = optionWith types.listOfStr [ ] { description = "The groups the user belongs to besides their own."; example = [ "wheel" "networkmanager" ]; };
    };
  };
  # Renamed options (mkRenamedOptionModule): a definition of the old name sets the new one.
  aliases = { "services.sshd.enable" = "services.openssh.enable"; };
  # Removed options (mkRemovedOptionModule): what to do instead, said by an assertion.
  removedOptions = { "services.oldDaemon.enable" = "The old daemon was dropped; use services.openssh instead."; };
  # The request tests (test/intent) ask for every option of the embedded index, loosely typed.
  declarations = (if withIndex then import ./intent-options.nix { inherit types option; } else { }) // {
    "networking.hostName" = optionWith types.str "nixos" { description = "The machine's name on the network."; };
    "system.nixos.label" = option types.str "24.05.20240101.standin";
    "system.stateVersion" = optionWith types.str "24.05" { description = "The NixOS release whose defaults this system's state follows."; };
    "time.timeZone" = optionWith types.nullOrStr null { description = "The time zone, as a tz database name."; example = "Europe/Amsterdam"; };
    "services.openssh.enable" = optionWith types.bool false { description = "Whether to run the OpenSSH server."; };
    "services.openssh.ports" = optionWith types.listOfPort [ 22 ] { description = "The ports sshd listens on."; };
    "services.openssh.settings.PermitRootLogin" = optionWith types.rootLogin "prohibit-password" { description = "Whether root may log in over SSH."; };
    "services.nginx.enable" = optionWith types.bool false { description = "Whether to run the nginx web server."; };
    "services.printing.enable" = optionWith types.bool false { description = "Whether to run CUPS, so the machine can print."; };
    "networking.firewall.allowedTCPPorts" = optionWith types.listOfPort [ ] { description = "TCP ports open to everyone."; example = [ 22 80 ]; };
    "environment.systemPackages" = optionWith types.listOfPackage [ ] { description = "Packages installed for every user."; defaultText = "[ ]"; };
    "users.users" = optionWith types.attrsOfSubmodule { } { description = "The user accounts."; };
    "nixpkgs.overlays" = optionWith types.listOfAny [ ] { description = "Functions of final and previous package sets that change pkgs."; };
    "specialisation" = option types.attrsOfSubmodule { };
    # Knobs of the stand-in itself.
    "standin.kernelVersion" = option types.str "6.6.30";
    "standin.activationExitCode" = option types.int 0;
    "standin.failedUnits" = option types.listOfStr [ ];
    "standin.activationLog" = option types.nullOrStr null;
    "standin.buildSeconds" = option types.int 0;
    "standin.marker" = option types.str "";
    "standin.failingDefault" = optionWith types.str (throw "the stand-in's failing default") { description = "An option whose default fails to evaluate (as some NixOS defaults do)."; };
  };
  declarationFile = toString ./eval-config.nix;

  args = { inherit config pkgs lib; modulesPath = ../.; };
  load = file: m:
    let
      isFile = isPath m || isString m;
      file' = if isFile then toString m else file;
      value = if isFile then import m else m;
      body = if isFunction value then value args else value;
      defined = if body ? config then body.config else removeAttrs body [ "imports" "options" ];
    in [ { file = file'; config = defined; } ] ++ concatMap (load file') (body.imports or [ ]);
  loaded = concatMap (load "<unknown-file>") modules;

  isOverride = v: isAttrs v && (v._type or null) == "override";
  # lib.mkIf and lib.mkMerge, at any level of a definition.
  isIf = v: isAttrs v && (v._type or null) == "if";
  isMerge = v: isAttrs v && (v._type or null) == "merge";
  leafDefs = file: prefix: value:
    let written = concatStringsSep "." prefix; name = aliases.${written} or written; in
    if isIf value then (if value.condition then leafDefs file prefix value.content else [ ])
    else if isMerge value then concatMap (leafDefs file prefix) value.contents
    else if hasAttr name declarations then [ { inherit name file value; } ]
    else if isAttrs value && !(isOverride value) && !(isDerivation value) then
      concatMap (k: leafDefs file (prefix ++ [ k ]) value.${k}) (attrNames value)
    else [ { inherit name file value; unknown = true; } ];
  defs = concatMap (m: leafDefs m.file [ ] m.config) loaded;

  show = v:
    if isString v then toJSON v
    else if isBool v then (if v then "true" else "false")
    else if v == null then "null"
    else if isDerivation v then "<derivation ${v.name}>"
    else if isList v then "[ ${concatStringsSep " " (map show v)} ]"
    else if isAttrs v then "{ ... }"
    else toJSON v;
  definitionValues = ds: concatStringsSep "\n" (map (d: "- In `${d.file}': ${show d.value}") ds);

  unknown = filter (d: d ? unknown) defs;
  checkUnknown =
    if unknown == [ ] then true
    else throw "The option `${(head unknown).name}' does not exist. Definition values:\n${definitionValues [ (head unknown) ]}";

  valueOf = name:
    let
      decl = declarations.${name};
      mine = filter (d: d.name == name && !(d ? unknown)) defs;
      prioritised = map (d: if isOverride d.value then d // { priority = d.value.priority; value = d.value.content; } else d // { priority = 100; }) mine;
      best = foldl' (p: d: if d.priority < p then d.priority else p) 9999 prioritised;
      top = filter (d: d.priority == best) prioritised;
      checked = map (d:
        if decl.type.check d.value then d
        else throw "A definition for option `${name}' is not of type `${decl.type.name}'. Definition values:\n${definitionValues [ d ]}") top;
      merge = decl.type.merge or "unique";
    in
    if mine == [ ] then decl.default
    else if merge == "concat" then concatMap (d: d.value) checked
    else if merge == "attrs" then foldl' (acc: d: acc // d.value) { } checked
    else if merge == "deep" then foldl' (acc: d: deepMerge acc d.value) { } checked
    else if any (d: d.value != (head checked).value) checked then
      throw "The option `${name}' has conflicting definition values:\n${definitionValues checked}\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions."
    else (head checked).value;

  # Sets merge recursively, lists concatenate (users.users.NAME from several modules).
  deepMerge = a: b:
    a // listToAttrs (map (k: {
      name = k;
      value =
        if hasAttr k a && isAttrs a.${k} && isAttrs b.${k} && !(isDerivation b.${k}) then deepMerge a.${k} b.${k}
        else if hasAttr k a && isList a.${k} && isList b.${k} then a.${k} ++ b.${k}
        else b.${k};
    }) (attrNames b));
  # Every declared option's value (not the stand-in's own knobs) with packages as "<pkg NAME>", for tests that compare configurations.
  plain = v:
    if isDerivation v then "<pkg ${v.pname or v.name}>"
    else if isList v then map plain v
    else if isAttrs v then builtins.mapAttrs (_: plain) v
    else if isFunction v then "<function>"
    else v;
  standinValues = builtins.seq checkUnknown (listToAttrs (map (n: { name = n; value = plain (valueOf n); })
    (filter (n: n != "specialisation" && builtins.substring 0 8 n != "standin.") (attrNames declarations))));

  splitPath = name: filter isString (builtins.split "\\." name);
  nest = path: v: if path == [ ] then v else { ${head path} = nest (tail path) v; };
  recursiveUpdate = a: b:
    a // listToAttrs (map (k: {
      name = k;
      value = if hasAttr k a && isAttrs a.${k} && isAttrs b.${k} && !(isDerivation b.${k}) then recursiveUpdate a.${k} b.${k} else b.${k};
    }) (attrNames b));
  # The options tree in the shape of NixOS's: leaves are `_type = "option"` records whose type has
  # a description and getSubOptions (attrsOf submodule adds the `<name>` level), as the live
  # knowledge source walks it; aliases are invisible options described as "Alias of ...".
  optionRecord = loc: d: {
    _type = "option";
    inherit loc;
    type = {
      name = d.type.name;
      description = d.type.name;
      getSubOptions = prefix:
        let subs = subOptions.${concatStringsSep "." loc} or null; in
        if subs == null then { }
        else builtins.mapAttrs (n: sd: optionRecord (prefix ++ [ "<name>" n ]) sd) subs;
    };
    description = d.description or null;
    default = d.default;
    declarations = [ declarationFile ];
    readOnly = false;
    visible = true;
    internal = false;
  } // (if d ? example then { inherit (d) example; } else { })
    // (if d ? defaultText then { inherit (d) defaultText; } else { });
  aliasRecord = loc: to: {
    _type = "option";
    inherit loc;
    type = { name = "unspecified"; description = "unspecified value"; getSubOptions = prefix: { }; };
    description = "Alias of {option}`${to}`.";
    declarations = [ declarationFile ];
    visible = false;
    readOnly = false;
  };
  # As mkRemovedOptionModule declares it: invisible, no description or type, an apply that throws.
  removedRecord = loc: why: {
    _type = "option";
    inherit loc;
    type = { name = "unspecified"; description = "unspecified value"; getSubOptions = prefix: { }; };
    declarations = [ declarationFile ];
    visible = false;
    apply = x: throw "The option `${concatStringsSep "." loc}' can no longer be used since it's been removed. ${why}";
  };
  removedAssertions = map (n: {
    assertion = true;
    message = "The option definition `${n}' in  no longer has any effect; please remove it.\n${removedOptions.${n}}\n";
  }) (attrNames removedOptions);
  options = foldl' recursiveUpdate { }
    ((map (n: nest (splitPath n) (optionRecord (splitPath n) declarations.${n})) (attrNames declarations))
    ++ (map (n: nest (splitPath n) (aliasRecord (splitPath n) aliases.${n})) (attrNames aliases))
    ++ (map (n: nest (splitPath n) (removedRecord (splitPath n) removedOptions.${n})) (attrNames removedOptions)));
  values = foldl' recursiveUpdate { } (map (n: nest (splitPath n) (valueOf n)) (attrNames declarations));
  config = recursiveUpdate values { system.build = { inherit toplevel vm vmWithBootLoader manual; }; assertions = removedAssertions; };

  # The manual's options.json, built as a derivation like NixOS's `system.build.manual.optionsJSON`
  # (for comparing that route with walking `options`): one entry per declared option.
  optionsDoc = listToAttrs (map (n: {
    name = n;
    value = {
      loc = splitPath n;
      type = declarations.${n}.type.name;
      description = declarations.${n}.description or "";
      declarations = [ declarationFile ];
      readOnly = false;
    } // (let r = builtins.tryEval (show declarations.${n}.default); in
      if r.success then { default = { _type = "literalExpression"; text = r.value; }; } else { });
  }) (attrNames declarations));
  manual.optionsJSON = derivation {
    name = "options.json";
    inherit system;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    json = toJSON optionsDoc;
    args = [ "-c" ''
      mkdir -p $out/share/doc/nixos
      printf '%s' "$json" > $out/share/doc/nixos/options.json
    '' ];
  };

  specialisations =
    if isSpecialisation then { }
    else builtins.mapAttrs (name: s: (import ./eval-config.nix {
      inherit system withIndex;
      isSpecialisation = true;
      modules = modules ++ [ (s.configuration or { }) ];
    }).config.system.build.toplevel) config.specialisation;
  specialisationNames = attrNames specialisations;

  switchScript = replaceStrings
    [ "@activationLog@" "@exitCode@" "@failedUnits@" ]
    [ (if config.standin.activationLog == null then "" else config.standin.activationLog)
      (toString config.standin.activationExitCode)
      (concatStringsSep ", " config.standin.failedUnits) ]
    (builtins.readFile ./switch-to-configuration.sh);

  hostName = config.networking.hostName;
  marker = config.standin.marker;
  toplevel = builtins.seq checkUnknown (derivation {
    name = "nixos-system-${hostName}-${config.system.nixos.label}";
    inherit system switchScript specialisationNames;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    label = config.system.nixos.label;
    kernelVersion = config.standin.kernelVersion;
    packages = config.environment.systemPackages;
    specialisationPaths = map (n: specialisations.${n}) specialisationNames;
    buildSeconds = toString config.standin.buildSeconds;
    args = [ "-c" ''
      # stand-in NixOS toplevel ${marker}
      i=0
      while [ "$i" -lt "$buildSeconds" ]; do
        echo "standin: still building (${marker}) $i"
        sleep 1
        i=$((i + 1))
      done
      mkdir -p $out/bin $out/kernel-modules/lib/modules/$kernelVersion $out/specialisation $out/sw/bin
      echo "$label" > $out/nixos-version
      echo "$kernelVersion" > $out/kernel-version
      printf '%s' "$switchScript" > $out/bin/switch-to-configuration
      chmod +x $out/bin/switch-to-configuration
      for p in $packages; do ln -s $p/bin/* $out/sw/bin/; done
      set -- $specialisationPaths
      for name in $specialisationNames; do ln -s "$1" $out/specialisation/$name; shift; done
      echo "standin: built ${hostName} $label"
    '' ];
  });
  # NixOS's VMs: `vm` boots the kernel directly, `vmWithBootLoader` boots a disk image through a
  # boot loader; both leave bin/run-HOST-vm.
  makeVm = name: kind: derivation {
    inherit name system toplevel kind;
    builder = "/bin/sh";
    PATH = "/usr/bin:/bin";
    args = [ "-c" ''
      mkdir -p $out/bin
      printf '#!/bin/sh\necho "Starting the stand-in VM (%s) of %s"\n' "$kind" "$toplevel" > $out/bin/run-${hostName}-vm
      chmod +x $out/bin/run-${hostName}-vm
    '' ];
  };
  vm = makeVm "nixos-vm-${hostName}" "direct boot";
  vmWithBootLoader = makeVm "nixos-vm-with-bootloader-${hostName}" "with boot loader";
in
{
  inherit config options standinValues pkgs;
}
