#!/usr/bin/env bash
# The architecture's rules, checked on the sanitized build's objects and on
# the sources (tests/arch/check.py): a layered store, the CLI as one client
# of the library, no printing outside it, no getopt, short CLI functions.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."
/usr/bin/python3 tests/arch/check.py build/san
