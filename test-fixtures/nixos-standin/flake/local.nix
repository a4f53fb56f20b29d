# Written by the tests (activation log, exit code, marker); empty by default.
{ }
