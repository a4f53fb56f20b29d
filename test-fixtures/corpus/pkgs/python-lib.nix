{ lib
, buildPythonPackage
, pythonOlder
, fetchPypi
, setuptools
, setuptools-scm
, requests
, pyyaml
, typing-extensions
, pytestCheckHook
, pytest-mock
, responses
}:

buildPythonPackage rec {
  pname = "tidy-config";
  version = "0.9.3";
  pyproject = true;

  disabled = pythonOlder "3.9";

  src = fetchPypi {
    inherit pname version;
    hash = "sha256-CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC=";
  };

  build-system = [ setuptools setuptools-scm ];

  dependencies = [
    requests
    pyyaml
  ] ++ lib.optionals (pythonOlder "3.11") [ typing-extensions ];

  nativeCheckInputs = [ pytestCheckHook pytest-mock responses ];

  pytestFlagsArray = [ "-W" "ignore::DeprecationWarning" ];

  disabledTests = [
    # needs network access
    "test_fetch_remote_schema"
    "test_validate_url"
  ];

  disabledTestPaths = [ "tests/integration" ];

  preCheck = ''
    export HOME=$(mktemp -d)
  '';

  pythonImportsCheck = [ "tidy_config" "tidy_config.schema" ];

  meta = {
    description = "Validate and normalise YAML configuration files";
    homepage = "https://example.org/tidy-config";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
}
