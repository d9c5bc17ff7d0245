#!/usr/bin/env bash
# The shipped Prometheus rules: `promtool check rules` (syntax, PromQL) or `promtool test rules`
# (each alert fires on series that cross its threshold and stays quiet on series that do not).
# Usage: promtool_rules_test.sh check|test REPO_DIR. Exit 77 (SKIP) without promtool.
set -euo pipefail
MODE=$1
RULES=$2/contrib/monitoring/prometheus
if ! command -v promtool >/dev/null 2>&1; then
  echo "SKIP: promtool is not installed (scripts/setup-deps --test installs it)"
  exit 77
fi
case $MODE in
  check) promtool check rules "$RULES"/*.rules.yml ;;
  test) cd "$RULES/tests" && promtool test rules ./*.test.yml ;;
  *) echo "usage: $0 check|test REPO_DIR" >&2; exit 2 ;;
esac
