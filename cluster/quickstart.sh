#!/usr/bin/env bash
# `npm start`: the quick start on a fresh machine. Installs the Debian packages it lacks
# (cluster/system-packages.sh), the npm dependencies, and builds if needed, then runs `siptrail all`, which installs Apache Cassandra from Maven
# Central (once), starts a local single node, applies the schema, listens for HEP on
# 9060 (UDP+TCP) and serves HTTP on 8080. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "siptrail: error: Java not found: install openjdk-17-jdk-headless" >&2; exit 1; }
command -v mvn >/dev/null || { echo "siptrail: error: Maven (mvn) not found: it installs Cassandra from Maven Central; install it (apt-get install maven)" >&2; exit 1; }
# libpcap-dev and a compiler for the optional pcap addon (agent, IP-in-IP), when missing.
bash cluster/system-packages.sh start
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit
fi
npm run --silent build
exec node dist/cluster/main.js all "$@"
