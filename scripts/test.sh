#!/usr/bin/env bash
# `npm test`: everything the suite needs, then every test. Works on a fresh Debian machine:
#   1. the Debian packages the tests use (installed when missing, as root; otherwise the exact
#      install line is printed and the run stops),
#   2. npm ci when node_modules is missing or older than package-lock.json, or when an earlier
#      npm ci (before step 1 installed libsecret-1-dev) dropped the encrypted token cache's native
#      packages; the run stops if they still cannot be installed,
#   3. Prettier's check and ESLint (the run stops here when either finds something),
#   4. the build (TypeScript and the oclif manifests) and a type check of the tests,
#   5. jest: unit tests, the parity tests against the Python libraries az is built on, then the
#      end-to-end tests against the local emulator.
set -euo pipefail
cd "$(dirname "$0")/.."

# azure-cli: interop tests with the Python az, and the libraries it brings (knack, PyYAML, tabulate,
# Pygments, jmespath) for the parity tests. chromium: the browser sign-in test. libsecret-1-dev,
# g++ and make: keytar builds where it cannot download a prebuilt binary (from github.com), so
# @azure/msal-node-extensions and the encrypted token cache are installed. dbus-daemon and
# gnome-keyring: the private Secret Service of the encrypted token cache's test. openssl: the
# emulator's per-run certificates. (Terminal tests use node-pty, from npm.)
packages=(azure-cli chromium dbus-daemon g++ gnome-keyring libsecret-1-dev make openssl)
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

# The parity tests (test/parity) and scripts/output-goldens.mjs compare azx with the Python
# libraries azure-cli brings to Debian's own interpreter; without them those tests would only fail.
if ! /usr/bin/python3 -I -c 'import configparser, jmespath, knack, pygments, tabulate, yaml' 2>/dev/null; then
  echo "ERROR: /usr/bin/python3 cannot import knack, yaml (PyYAML), tabulate, pygments and jmespath, which azure-cli" >&2
  echo "brings and the parity tests compare azx with. Reinstall them: apt-get install --reinstall azure-cli" >&2
  exit 1
fi

# node-gyp (keytar's build) downloads Node's headers from nodejs.org unless told where they are; a
# Node installed under a prefix (/usr, /usr/local) keeps them in <prefix>/include/node.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [[ -z ${npm_config_nodedir:-} && -f $node_prefix/include/node/node.h ]]; then
  export npm_config_nodedir=$node_prefix
fi

# The encrypted token cache's optional packages. npm drops them without a word when keytar's build
# fails, so they are looked for after every install.
native=(@azure/msal-node-extensions @azure/msal-node-runtime keytar)
natives_installed() {
  [[ $(npm ls "${native[@]}" --parseable 2>/dev/null | grep -c .) -eq ${#native[@]} ]] &&
    node -e 'require("@azure/msal-node-extensions")' 2>/dev/null
}

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "Installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
elif ! natives_installed; then
  echo "Installing npm dependencies again (npm ci): ${native[*]} are missing, as an npm ci before libsecret-1-dev was installed leaves them"
  npm ci --no-audit --no-fund
fi
if ! natives_installed; then
  echo "ERROR: ${native[*]} are not installed, or keytar cannot load: the encrypted token cache cannot be tested." >&2
  echo "keytar downloads a prebuilt binary from github.com or builds with libsecret-1-dev, g++, make, python3 and Node's headers." >&2
  echo "Run 'npm ci --foreground-scripts' to see keytar's install script fail." >&2
  exit 1
fi

# Before the build, which they do not need, so that a finding stops the run before the long part.
echo "Checking the formatting (Prettier) and linting (ESLint)"
format_status=0
npm run --silent format:check || format_status=$?
if ((format_status)); then
  echo "ERROR: Prettier formats the files above differently. Run 'npm run format' and commit what it changes." >&2
fi
lint_status=0
npm run --silent lint || lint_status=$?
if ((lint_status)); then
  echo "ERROR: ESLint found the problems above. 'npm run lint:fix' fixes some of them; fix the others by hand. A line over" >&2
  echo "150 characters that 'npm run format' leaves is a string or a comment, which Prettier does not wrap: split it by hand." >&2
fi
if ((format_status || lint_status)); then exit 1; fi

echo "Building, then type-checking the tests"
npm run build --silent
node_modules/.bin/tsc -p tsconfig.test.json

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
node --experimental-vm-modules node_modules/jest/bin/jest.js --json --outputFile="$results" "$@" || status=$?
node scripts/test-summary.mjs "$results" || true
exit "$status"
