#!/usr/bin/env bash
# Tutorial suite: the README's tutorial, block by block, against a `make demo` of its own
# (test/tutorial/tutorial.test.mjs starts demo/run, runs the blocks, checks the outputs the README
# shows, and stops the demo with Ctrl-C), plus the checks of its README reader.  Run by
# test/run-all after the build and install; alone: `bash test/scripts/tutorial.sh` (no cluster
# needed: the demo brings its own).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
node --test --test-reporter=spec test/tutorial/readme.test.mjs test/tutorial/tutorial.test.mjs
