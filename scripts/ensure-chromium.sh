#!/usr/bin/env bash
# ensure-chromium.sh: makes sure the browser the dashboard tests drive is here.
#
# The tests (test/ui-browser.test.ts) drive Debian's Chromium with playwright-core, which
# cannot download a browser of its own on a machine without the internet at large. npm test
# runs this first: it finds the browser ($RUNNER_TEST_CHROMIUM, else /usr/bin/chromium) or,
# as root on Debian (CI on a fresh machine), installs the `chromium` package with apt-get
# (about 2 minutes). apt's output goes to stderr, so the test runner's TAP stays clean.
set -euo pipefail

browser=${RUNNER_TEST_CHROMIUM:-/usr/bin/chromium}
if [[ -x $browser ]]; then
  exit 0
fi
if [[ -n ${RUNNER_TEST_CHROMIUM:-} ]]; then
  echo "ensure-chromium: RUNNER_TEST_CHROMIUM=$browser is not an executable" >&2
  exit 1
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no Chromium at $browser; install it (Debian: sudo apt-get install -y chromium), or set RUNNER_TEST_CHROMIUM to a Chromium binary" >&2
  exit 1
fi
echo "ensure-chromium: Chromium not found; installing it with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
{ apt-get update && apt-get install -y chromium; } >&2
if [[ ! -x $browser ]]; then
  echo "ensure-chromium: installed the chromium package but found no $browser" >&2
  exit 1
fi
