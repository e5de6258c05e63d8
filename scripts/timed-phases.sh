#!/usr/bin/env bash
# Runs make targets one after another (`make test` runs setup lint typecheck pytest through this),
# timing each, and ends with a table of their wall times, so every CI log shows where the budget
# went. It stops at the first phase that fails, still prints the table, and exits with that
# phase's code; the phases after it are marked as not run.
# Usage: scripts/timed-phases.sh TARGET...   (MAKE names the make to call; default: make)
set -uo pipefail

label() {
  case "$1" in
    setup) echo "setup (venv, pip, system packages)" ;;
    lint) echo "lint (ruff)" ;;
    typecheck) echo "mypy" ;;
    pytest) echo "tests (pytest)" ;;
    *) echo "$1" ;;
  esac
}

duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

targets=("$@")
outcomes=()   # one per target: "ok", "FAILED (exit N)", "interrupted" or "not run"
seconds=()
current=-1
started=$SECONDS
printed=0

summary() {
  ((printed)) && return
  printed=1
  local i total=$((SECONDS - started))
  echo
  echo "==== phase times ===="
  printf '%-36s %9s  %s\n' "phase" "wall time" "result"
  for i in "${!targets[@]}"; do
    if [[ -n "${outcomes[i]:-}" ]]; then
      printf '%-36s %9s  %s\n' "$(label "${targets[i]}")" "$(duration "${seconds[i]}")" "${outcomes[i]}"
    elif ((i == current)); then
      printf '%-36s %9s  %s\n' "$(label "${targets[i]}")" "$(duration $((SECONDS - phase_start)))" \
        "interrupted"
    else
      printf '%-36s %9s  %s\n' "$(label "${targets[i]}")" "-" "not run"
    fi
  done
  printf '%-36s %9s\n' "total" "$(duration "$total")"
}
trap summary EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

status=0
for i in "${!targets[@]}"; do
  current=$i
  phase_start=$SECONDS
  echo "==== $(label "${targets[i]}"): make ${targets[i]}"
  "${MAKE:-make}" --no-print-directory "${targets[i]}"
  rc=$?
  seconds[i]=$((SECONDS - phase_start))
  echo "==== $(label "${targets[i]}") took $(duration "${seconds[i]}")"
  if ((rc != 0)); then
    outcomes[i]="FAILED (make exit $rc)"
    status=$rc
    break
  fi
  outcomes[i]="ok"
done
current=-1
exit "$status"
