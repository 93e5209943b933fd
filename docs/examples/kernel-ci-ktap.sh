#!/usr/bin/env bash
# A kernel-CI style run: KTAP on stdout (and in bootreplay.ktap), where kernelci, LKFT and
# kunit_tool-style parsers read it, and the exit status of the replay: 0 every scenario
# passed (known regressions reproduced as expected), 1 a finding or a lost regression,
# 2 invalid input.
set -euo pipefail
npx bootreplay run scenarios/ --format ktap --verbose | tee bootreplay.ktap
