#!/usr/bin/env bash
# Mutation testing of the core (core/thaiyyal) with mutmut.
#
# mutmut 3 imports the mutated code from ./src (or ./) of the directory it runs in, and names
# mutants after that path; the core lives in core/. So this script stages a src-layout copy
# of the checkout in build/mutation (core/thaiyyal as src/thaiyyal, the tests, plugins, docs
# and pyproject.toml beside it) and runs mutmut there. The staged mutants/ folder is kept, so
# a second run only retests what changed. Plugins are imported from the installed checkout,
# the core from the mutated copy. Arguments go to `mutmut run`, for example:
#
#     bash tools/mutation.sh "thaiyyal.graph*"     # mutate one module
#     bash tools/mutation.sh                        # the whole core (hours on two cores)
#
# Then `cd build/mutation && mutmut results` lists survivors; `mutmut show NAME` shows one.
# MUTATION_STAGE=build/mutation-expr (relative to the checkout, or absolute) stages
# elsewhere, so two runs over different modules can go side by side.
set -euo pipefail
if ! command -v mutmut >/dev/null; then
    echo "mutation.sh: mutmut not found; install the dev extras (pip install -e '.[dev]')" \
        "and activate that environment" >&2
    exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
stage="${MUTATION_STAGE:-build/mutation}"
case "$stage" in /*) ;; *) stage="$root/$stage" ;; esac
mkdir -p "$stage/src"
sync() { rm -rf "${stage:?}/$2" && cp -a "$root/$1" "$stage/$2"; }
sync core/thaiyyal src/thaiyyal
for part in tests plugins docs pyproject.toml; do sync "$part" "$part"; done
# The corpus is found next to the checkout; tell the staged tests where that is.
if [ -d "$root/../shared/conformance" ] && [ -z "${THAIYYAL_CONFORMANCE:-}" ]; then
    export THAIYYAL_CONFORMANCE="$root/../shared/conformance"
fi
cd "$stage"
exec mutmut run "$@"
