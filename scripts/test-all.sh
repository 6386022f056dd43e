#!/usr/bin/env bash
# Every test: static checks, unit, database (embedded PostgreSQL, then an external PostgreSQL when one answers), browser.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s ==\n' "$*"; }

# A tier whose failing test still exits 0 would turn the whole run green: each tier first runs one test that fails on
# purpose (QUNHUB_EXIT_CANARY), and this script stops unless that run exits non-zero and reports exactly that failure.
canary() {
  local out status=0
  out=$(QUNHUB_EXIT_CANARY=1 "$@" 2>&1) || status=$?
  if [ "$status" -eq 0 ] || ! grep -q "1 failed" <<<"$out"; then
    printf '%s\n' "$out" | tail -20
    echo "the test command does not fail when a test fails (exit $status): $*" >&2
    exit 1
  fi
  echo "ok: a failing test exits $status ($*)"
}

step "runtime: Node $(node --version) (from node_modules/.bin: the \`node\` package), npm $(npm --version)"
case "$(node --version)" in v24.*) ;; *) echo "the tests run on Node 24 LTS; run them through npm (npm test), which puts node_modules/.bin first" >&2; exit 1 ;; esac

step "a failing test fails each tier"
canary npx vitest run --project unit
canary env -u TEST_DATABASE_URL npx vitest run --project db
canary npx vitest run --project reliability
canary npx vitest run --config e2e/vitest.config.ts

step "typecheck"
npx tsc --noEmit -p .
npx tsc --noEmit -p web
step "lint and format"
npx eslint .
npx prettier --check .
step "bundle budgets (portal and console first load)"; node --import tsx scripts/check-bundle-budgets.ts
step "unit tests"
npx vitest run --project unit
step "database tests (embedded PostgreSQL)"
env -u TEST_DATABASE_URL npx vitest run --project db
EXT="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:2000});c.connect().then(()=>c.query('select 1')).then(()=>process.exit(0),()=>process.exit(1))" "$EXT" 2>/dev/null; then
  step "database tests (external PostgreSQL: ${EXT%%@*}@…)"
  TEST_DATABASE_URL="$EXT" npx vitest run --project db
else
  step "database tests (external PostgreSQL): none reachable at ${EXT##*@}, skipped"
fi
step "reliability (PostgreSQL restarted and the server killed under a writing load)"
npx vitest run --project reliability
step "browser tests (Playwright + axe-core)"
npx vitest run --config e2e/vitest.config.ts
