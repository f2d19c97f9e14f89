#!/usr/bin/env bash
# The Debian packages siptrail needs beyond what the machine image has (Node 20, OpenJDK 17,
# Maven), installed when missing, so that the README's two commands are the whole set-up:
#   start  libpcap-dev and a C++ toolchain: the `pcap` addon (the agent, IP-in-IP capture)
#   test   the same, plus tshark (checks the pcap export), sipp (package sip-tester: the
#          agent and import tests) and chromium (the browser tests)
# As root it runs apt-get, otherwise `sudo -n` when that works. Without either it names what
# is missing and what that costs: `start` goes on without the addon, `test` stops.
# When libpcap-dev arrives after npm has installed node_modules without the optional
# addon, the addon is installed now.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-start}
say() { echo "siptrail: $*" >&2; }

need=()
dpkg -s libpcap-dev >/dev/null 2>&1 || need+=(libpcap-dev)
{ command -v g++ && command -v make; } >/dev/null 2>&1 || need+=(g++ make)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "$mode" = test ]; then
  command -v tshark >/dev/null 2>&1 || need+=(tshark)
  command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    say "missing Debian packages: ${need[*]}; install them as root: apt-get install ${need[*]}"
    if [ "$mode" = test ]; then exit 1; fi
    say "going on without them: the agent and IP-in-IP capture are unavailable until libpcap-dev is installed"
    exit 0
  fi
  say "installing the Debian packages ${need[*]} (apt-get; once)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    say "apt-get could not install ${need[*]}"
    if [ "$mode" = test ]; then exit 1; fi
    say "going on without them: the agent and IP-in-IP capture are unavailable"
    exit 0
  fi
fi

# The optional `pcap` addon is skipped by npm when libpcap-dev is missing at install time.
if [ -d node_modules ] && [ ! -f node_modules/pcap/build/Release/pcap_binding.node ] && dpkg -s libpcap-dev >/dev/null 2>&1; then
  say "building the pcap addon now that libpcap-dev is installed"
  npm install --no-save --no-fund --no-audit pcap@"$(node -p "require('./package.json').optionalDependencies.pcap")" >/dev/null || say "the pcap addon did not build: the agent and IP-in-IP capture are unavailable"
fi
exit 0
