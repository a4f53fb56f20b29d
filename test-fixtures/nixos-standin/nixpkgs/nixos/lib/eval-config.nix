# A small module system in the shape of nixpkgs' lib/modules.nix: modules are paths, functions or
# attribute sets with `imports`; definitions are checked against declared options and merged by
# priority (lib.mkDefault / lib.mkForce), and errors use NixOS's own texts. The options come from
# a fixed table (a stand-in for nixpkgs' modules) and from the `options` the loaded modules declare
# (the user's own, Home Manager's NixOS module), submodules included.
# withIndex: also every option and package of the embedded index (the request tests, test/intent).
{ modules, system ? builtins.currentSystem, isSpecialisation ? false, withIndex ? false }:
let
  inherit (builtins) all any attrNames attrValues concatMap concatStringsSep elem elemAt filter foldl'
    hasAttr head isAttrs isBool isFunction isInt isList isPath isString length listToAttrs replaceStrings
    tail toJSON;
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
  declarations = builtinDeclarations // moduleDeclarations;
  builtinDeclarations = (if withIndex then import ./intent-options.nix { inherit types option; } else { }) // {
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
  # Every module with what it defines and declares; `file` names the module written in place.
  loadWith = args: file: m:
    let
      isFile = isPath m || isString m;
      file' = if isFile then toString m else file;
      value = if isFile then import m else m;
      body = if isFunction value then value args else value;
      defined = if body ? config then body.config else removeAttrs body [ "imports" "options" ];
    in [ { file = file'; config = defined; options = body.options or { }; } ] ++ concatMap (loadWith args file') (body.imports or [ ]);
  loaded = concatMap (loadWith args "<unknown-file>") modules;

  # Declared options, flattened to "a.b.c" = { type (a record of `types`' shape), default, file, ... }.
  # Only names are needed to sort definitions, so nothing here forces `config` or `pkgs` (pkgs
  # needs the value of nixpkgs.overlays, which needs the names).
  declarationList = ms: concatMap (m: flattenOptions m.file [ ] m.options) ms;
  flattenOptions = file: prefix: set: concatMap (n:
    let v = set.${n}; loc = prefix ++ [ n ]; in
    if isAttrs v && (v._type or null) == "option" then [ { name = concatStringsSep "." loc; value = declare file loc v; } ]
    else if isAttrs v then flattenOptions file loc v
    else [ ]) (attrNames set);
  declare = file: loc: o: {
    inherit file;
    type = typeRecord file (o.type or null);
    default = if o ? default then o.default else throw "The option `${concatStringsSep "." loc}' is used but not defined.";
    hasDefault = o ? default;
    readOnly = o.readOnly or false;
  } // (if o ? description then { description = if isAttrs o.description then o.description.text or "" else o.description; } else { })
    // (if o ? example then { inherit (o) example; } else { })
    // (if o ? defaultText then { inherit (o) defaultText; } else { });
  moduleDeclarationList = declarationList loaded;
  # (the first declaration of a name wins; a second one from another file is an error, checkUnknown)
  moduleDeclarations = listToAttrs moduleDeclarationList;
  declaredTwice = filter (e: hasAttr e.name builtinDeclarations || moduleDeclarations.${e.name}.file != e.value.file) moduleDeclarationList;

  # lib.nix's types as records: name (NixOS's description), check, merge; `subOptions` for types
  # with options below them (the options tree's getSubOptions), `mergeDefs` for those whose
  # definitions are modules themselves (a submodule's value is evaluated like a configuration).
  unspecified = { name = "unspecified value"; check = _: true; };
  simpleTypes = {
    inherit (types) bool str int port anything;
    package = { name = "package"; check = isDerivation; class = "noun"; };
    path = { name = "path"; check = v: isPath v || isString v; class = "noun"; };
    lines = { name = "strings concatenated with \"\\n\""; check = isString; merge = "lines"; };
    attrs = { name = "attribute set"; check = isAttrs; merge = "attrs"; class = "noun"; };
  };
  # NixOS's optionDescriptionPhrase: an inner description is parenthesised unless its class fits.
  phrase = fits: t: if fits (t.class or "noun") then t.name else "(${t.name})";
  noSubOptions = prefix: { };
  unique = names: attrNames (listToAttrs (map (n: { name = n; value = null; }) names));
  last = list: elemAt list (length list - 1);
  typeRecord = file: t:
    if t == null then unspecified
    else if isString t then simpleTypes.${t} or (throw "The stand-in's lib has no type `${t}'.")
    else if t.kind == "listOf" then
      let e = typeRecord file t.elem; in {
        name = "list of ${phrase (c: c == "noun" || c == "composite") e}";
        class = "composite";
        check = v: isList v && all e.check v;
        merge = "concat";
        subOptions = prefix: (e.subOptions or noSubOptions) (prefix ++ [ "*" ]);
      }
    else if t.kind == "attrsOf" then
      let e = typeRecord file t.elem; in {
        name = "attribute set of ${phrase (c: c == "noun" || c == "composite") e}";
        class = "composite";
        check = v: isAttrs v && all e.check (attrValues v);
        merge = "attrs";
        subOptions = prefix: (e.subOptions or noSubOptions) (prefix ++ [ "<name>" ]);
      } // (if e ? mergeDefs then {
        # each name's definitions, from every module that wrote it, evaluated as one submodule
        mergeDefs = loc: ds: listToAttrs (map (n: {
          name = n;
          value = e.mergeDefs (loc ++ [ n ]) (concatMap (d: if d.value ? ${n} then [ (d // { value = d.value.${n}; }) ] else [ ]) ds);
        }) (unique (concatMap (d: attrNames d.value) ds)));
      } else { })
    else if t.kind == "nullOr" then
      let e = typeRecord file t.elem; in {
        name = "null or ${phrase (c: c == "noun" || c == "conjunction") e}";
        class = "conjunction";
        check = v: v == null || e.check v;
        subOptions = e.subOptions or noSubOptions;
      }
    else if t.kind == "enum" then {
      name = "one of ${concatStringsSep ", " (map toJSON t.values)}";
      class = "nonRestrictiveClause";
      check = v: elem v t.values;
    }
    else if t.kind == "submodule" then
      let
        # its options, declared by its own modules, which see the element's name
        declarationsFor = name: listToAttrs (declarationList (concatMap (loadWith { inherit lib pkgs name; config = { }; options = { }; } file) t.modules));
      in {
        name = "submodule";
        class = null;
        # (a definition is a module too: a set, a function of the submodule's arguments, a path;
        # with its own `imports`, `config` and `options`)
        check = v: isAttrs v || isFunction v || isPath v;
        merge = "deep";
        subOptions = prefix: optionsTree prefix (declarationsFor (last prefix));
        mergeDefs = loc: ds:
          let
            name = last loc;
            modules = concatMap (d: loadWith { inherit lib pkgs name; config = value; options = { }; } d.file d.value) ds;
            decls = declarationsFor name // listToAttrs (declarationList modules);
            value = evaluate decls (concatMap (m: leafDefsIn decls { } m.file [ ] [ ] m.config) modules) loc;
          in value;
      }
    else throw "The stand-in's lib has no type `${t.kind}'.";

  isOverride = v: isAttrs v && (v._type or null) == "override";
  # lib.mkIf and lib.mkMerge, at any level of a definition. Pushed down as NixOS does: a definition
  # is sorted by its name with its conditions unevaluated (they may read config), and an option's
  # value is not looked at until that option is read.
  isIf = v: isAttrs v && (v._type or null) == "if";
  isMerge = v: isAttrs v && (v._type or null) == "merge";
  leafDefsIn = decls: aliases: file: prefix: conds: value:
    let written = concatStringsSep "." prefix; name = aliases.${written} or written; in
    if hasAttr name decls then [ { inherit name file value conds; } ]
    else if isIf value then leafDefsIn decls aliases file prefix (conds ++ [ value.condition ]) value.content
    else if isMerge value then concatMap (leafDefsIn decls aliases file prefix conds) value.contents
    else if isAttrs value && !(isOverride value) && !(isDerivation value) then
      concatMap (k: leafDefsIn decls aliases file (prefix ++ [ k ]) conds value.${k}) (attrNames value)
    else [ { inherit name file value conds; unknown = true; } ];
  defs = concatMap (m: leafDefsIn declarations aliases m.file [ ] [ ] m.config) loaded;
  holds = d: all (c: c) d.conds;
  # (a mkIf or mkMerge written at the option itself)
  discharge = d:
    if isIf d.value then (if d.value.condition then discharge (d // { value = d.value.content; }) else [ ])
    else if isMerge d.value then concatMap (v: discharge (d // { value = v; })) d.value.contents
    else [ d ];

  show = v:
    if isString v then toJSON v
    else if isBool v then (if v then "true" else "false")
    else if v == null then "null"
    else if isDerivation v then "<derivation ${v.name}>"
    else if isList v then "[ ${concatStringsSep " " (map show v)} ]"
    else if isAttrs v then "{ ... }"
    else toJSON v;
  definitionValues = ds: concatStringsSep "\n" (map (d: "- In `${d.file}': ${show d.value}") ds);

  unknownIn = defs: filter (d: d ? unknown && holds d) defs;
  fullName = loc: name: concatStringsSep "." (loc ++ (if name == "" then [ ] else [ name ]));
  unknownError = loc: d: "The option `${fullName loc d.name}' does not exist. Definition values:\n${definitionValues [ d ]}";
  unknown = unknownIn defs;
  twice = head declaredTwice;
  checkUnknown =
    if declaredTwice != [ ] then throw "The option `${twice.name}' in `${twice.value.file}' is already declared in `${(moduleDeclarations // builtinDeclarations).${twice.name}.file or declarationFile}'."
    else if unknown == [ ] then true
    else throw (unknownError [ ] (head unknown));
  # A submodule's value: its options' values from its definitions, as a configuration's.
  evaluate = decls: ds: loc:
    let bad = unknownIn ds; in
    if bad != [ ] then throw (unknownError loc (head bad))
    else foldl' recursiveUpdate { } (map (n: nest (splitPath n) (valueIn decls ds loc n)) (attrNames decls));
  # Values NixOS would check when building: every submodule's options, down to their leaves.
  forced = v: if isDerivation v || isFunction v then true else if isAttrs v then all (k: forced v.${k}) (attrNames v) else if isList v then all forced v else builtins.seq v true;
  checkSubmodules = all (n: forced (valueOf n)) (filter (n: declarations.${n}.type ? mergeDefs) (attrNames declarations));

  valueOf = valueIn declarations defs [ ];
  valueIn = decls: defs: loc: name:
    let
      decl = decls.${name};
      mine = concatMap discharge (filter (d: d.name == name && !(d ? unknown) && holds d) defs);
      prioritised = map (d: if isOverride d.value then d // { priority = d.value.priority; value = d.value.content; } else d // { priority = 100; }) mine;
      best = foldl' (p: d: if d.priority < p then d.priority else p) 9999 prioritised;
      top = filter (d: d.priority == best) prioritised;
      checked = map (d:
        if decl.type.check d.value then d
        else throw "A definition for option `${fullName loc name}' is not of type `${decl.type.name}'. Definition values:\n${definitionValues [ d ]}") top;
      merge = decl.type.merge or "unique";
      here = loc ++ splitPath name;
    in
    if decl.type ? mergeDefs then decl.type.mergeDefs here (if mine == [ ] then [ { file = decl.file or declarationFile; value = decl.default; } ] else checked)
    else if mine == [ ] then (if decl.hasDefault or true then decl.default else throw "The option `${fullName loc name}' is used but not defined.")
    else if merge == "concat" then concatMap (d: d.value) checked
    else if merge == "lines" then concatStringsSep "\n" (map (d: d.value) checked)
    else if merge == "attrs" then foldl' (acc: d: acc // d.value) { } checked
    else if merge == "deep" then foldl' (acc: d: deepMerge acc d.value) { } checked
    else if any (d: d.value != (head checked).value) checked then
      throw "The option `${fullName loc name}' has conflicting definition values:\n${definitionValues checked}\nUse `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions."
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
        if d.type ? subOptions then d.type.subOptions prefix
        else if subs == null then { }
        else builtins.mapAttrs (n: sd: optionRecord (prefix ++ [ "<name>" n ]) sd) subs;
    };
    description = d.description or null;
    default = d.default;
    declarations = [ (d.file or declarationFile) ];
    readOnly = d.readOnly or false;
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
  # (loc: where the options sit; a submodule's are below its option, with `<name>` for attrsOf)
  optionsTree = loc: decls: foldl' recursiveUpdate { } (map (n: nest (splitPath n) (optionRecord (loc ++ splitPath n) decls.${n})) (attrNames decls));
  options = foldl' recursiveUpdate (optionsTree [ ] declarations)
    ((map (n: nest (splitPath n) (aliasRecord (splitPath n) aliases.${n})) (attrNames aliases))
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
      declarations = [ (declarations.${n}.file or declarationFile) ];
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
  toplevel = builtins.seq checkUnknown (builtins.seq checkSubmodules (derivation {
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
  }));
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
