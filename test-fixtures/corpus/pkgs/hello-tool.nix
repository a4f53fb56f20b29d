{ lib
, stdenv
, fetchFromGitHub
, fetchpatch
, cmake
, pkg-config
, openssl
, zlib
, withDocs ? true
, pandoc ? null
, enableTests ? stdenv.buildPlatform.canExecute stdenv.hostPlatform
}:

assert withDocs -> pandoc != null;

stdenv.mkDerivation (finalAttrs: {
  pname = "hello-tool";
  version = "2.4.1";

  src = fetchFromGitHub {
    owner = "example";
    repo = finalAttrs.pname;
    rev = "v${finalAttrs.version}";
    hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  };

  patches = [
    ./0001-use-system-zlib.patch
    (fetchpatch {
      name = "fix-build-with-gcc13.patch";
      url = "https://github.com/example/hello-tool/commit/0123456789abcdef.patch";
      hash = "sha256-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=";
    })
  ];

  postPatch = ''
    substituteInPlace CMakeLists.txt \
      --replace-fail 'set(VERSION "0.0.0")' 'set(VERSION "${finalAttrs.version}")'
    patchShebangs scripts/
  '';

  outputs = [ "out" "dev" ] ++ lib.optional withDocs "man";

  nativeBuildInputs = [ cmake pkg-config ] ++ lib.optionals withDocs [ pandoc ];
  buildInputs = [ openssl zlib ];

  cmakeFlags = [
    (lib.cmakeBool "HELLO_BUILD_DOCS" withDocs)
    (lib.cmakeFeature "HELLO_GREETING" "Hello, \"world\"\t!")
    "-DCMAKE_SKIP_BUILD_RPATH=ON"
  ];

  env.NIX_CFLAGS_COMPILE = toString [ "-Wno-error=deprecated-declarations" "-O2" ];

  doCheck = enableTests;
  checkPhase = ''
    runHook preCheck
    ctest --output-on-failure -j $NIX_BUILD_CORES
    runHook postCheck
  '';

  postInstall = lib.optionalString withDocs ''
    mkdir -p $man/share/man/man1
    pandoc -s -t man ../docs/hello-tool.md -o $man/share/man/man1/hello-tool.1
  '' + ''
    install -Dm644 ../completions/hello-tool.bash $out/share/bash-completion/completions/hello-tool
  '';

  passthru = {
    tests.version = stdenv.mkDerivation {
      name = "hello-tool-version-test";
      dontUnpack = true;
      buildPhase = "${finalAttrs.finalPackage}/bin/hello-tool --version | grep -F ${finalAttrs.version} > $out";
    };
    updateScript = [ ./update.sh finalAttrs.pname ];
  };

  meta = with lib; {
    description = "Prints a friendly greeting, with options";
    longDescription = ''
      hello-tool greets you. It can greet in several languages, read the
      greeting from a file and wrap long lines at ''${COLUMNS} characters.
    '';
    homepage = "https://example.org/hello-tool";
    changelog = "https://example.org/hello-tool/releases/tag/v${finalAttrs.version}";
    license = licenses.gpl3Plus;
    maintainers = with maintainers; [ ];
    platforms = platforms.unix;
    mainProgram = "hello-tool";
    broken = stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64;
  };
})
