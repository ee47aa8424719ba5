#!/usr/bin/env bash
# test/install-deps: with everything present it does nothing (no apt, no `npm ci`, node_modules
# left as they are); when a lock no longer matches what is installed it reinstalls that folder,
# and only that one; and every pinned npm package supports Node 18 (Debian 12's nodejs, 18.20.4)
# as well as the Node running here, by its engines field (the remote-join benchmark's lock too:
# the benchmark installs it on first use, make test only reads it).  Run by test/run-all after the
# dependencies were installed; alone: `bash test/scripts/install_deps.sh`.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
DEBIAN12_NODE=18.20.4
fail() { echo "FAIL: $*"; exit 1; }
stamp() { echo "$1/node_modules/.graphgate-lock.sha256"; }
# `npm ci` empties node_modules first: a file of ours in it tells whether npm ci ran.
probe() { touch "$1/node_modules/.install-deps-probe"; }
untouched() { [ -f "$1/node_modules/.install-deps-probe" ]; }

for dir in test src/server/console; do
  [ -f "$(stamp "$dir")" ] || fail "$dir: no stamp: test/install-deps has not run"
  want=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)
  [ "$(cat "$(stamp "$dir")")" = "$want" ] || fail "$dir: the stamp is not the hash of package.json and the lock"
done

echo "--- everything present: nothing happens"
probe test; probe src/server/console
out=$(test/install-deps 2>&1)
echo "$out"
[[ "$out" =~ ^dependencies\ ok\ \(node\ v[0-9.]+,\ npm\ [0-9.]+\)$ ]] || fail "printed more than the one line"
untouched test || fail "test/node_modules was reinstalled"
untouched src/server/console || fail "src/server/console/node_modules was reinstalled"

echo "--- test/'s lock changed (its stamp no longer matches): test/ is reinstalled, the console is not"
echo "a lock of another day" >"$(stamp test)"
out=$(test/install-deps 2>&1)
echo "$out"
! untouched test || fail "test/node_modules was not reinstalled"
untouched src/server/console || fail "src/server/console/node_modules was reinstalled"
rm -f src/server/console/node_modules/.install-deps-probe
[ "$(cat "$(stamp test)")" = "$(cat test/package.json test/package-lock.json | sha256sum | cut -d' ' -f1)" ] ||
  fail "the new stamp does not match the lock"
for pkg in $(node -p "Object.keys(require('./test/package.json').dependencies).join(' ')"); do
  have=$(node -p "require('./test/node_modules/$pkg/package.json').version")
  [ "$have" = "$(node -p "require('./test/package.json').dependencies['$pkg']")" ] || fail "$pkg $have is not the pinned version"
done

echo "--- every package of the locks supports Node $DEBIAN12_NODE and $(node --version)"
node - "$DEBIAN12_NODE" <<'JS'
const semver = require('./test/node_modules/semver');
const versions = [process.argv[2], process.versions.node];
let bad = 0;
for (const lock of ['test/package-lock.json', 'src/server/console/package-lock.json',
                    'test/bench/remote_join/package-lock.json']) {
  const packages = Object.entries(require(`./${lock}`).packages).filter(([path]) => path !== '');
  if (packages.length === 0) { console.log(`${lock}: no packages`); bad++; }
  for (const [path, meta] of packages) {
    const range = meta.engines?.node;
    for (const v of versions) {
      if (range && !semver.satisfies(v, range)) { console.log(`${lock}: ${path} ${meta.version} wants node ${range}, not ${v}`); bad++; }
    }
  }
  console.log(`${lock}: ${packages.length} packages checked`);
}
process.exit(bad ? 1 : 0);
JS
echo "install-deps: ok"
