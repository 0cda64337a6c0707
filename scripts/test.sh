#!/usr/bin/env bash
# `npm test`: everything the suite needs, then every test. Works on a fresh Debian machine:
#   1. the Debian packages the tests use (installed when missing, as root; otherwise the exact
#      install line is printed and the run stops),
#   2. npm ci when node_modules is missing or older than package-lock.json,
#   3. the build (TypeScript and the oclif manifests) and a type check of the tests,
#   4. jest: unit tests, then the end-to-end tests against the local emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

# azure-cli: interop tests with the Python az. chromium: the browser sign-in test. libsecret-1-dev:
# keytar builds, so the encrypted token cache path of @azure/msal-node-extensions is installed.
# openssl: the emulator's per-run certificates. (Terminal tests use node-pty, from npm.)
packages=(azure-cli chromium libsecret-1-dev openssl)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  line="apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "The tests need these Debian packages: ${missing[*]}. Install them with:" >&2
    echo "  sudo apt-get update && sudo $line" >&2
    exit 1
  fi
  echo "Installing the Debian packages the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  $line >/dev/null
fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

echo "Building, then type-checking the tests"
npm run build --silent
node_modules/.bin/tsc -p tsconfig.test.json

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
node --experimental-vm-modules node_modules/jest/bin/jest.js --json --outputFile="$results" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)
' "$results" || true
exit "$status"
