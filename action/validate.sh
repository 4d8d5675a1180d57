#!/usr/bin/env bash
# The GitHub Action's check (action.yml runs it; Tests/transitTests/ActionTests.swift runs it
# here with the environment a runner gives). Validates the report files a pull request changes,
# writes the findings as annotations, a job summary and, when asked, SARIF.
#
# Environment (the action's inputs, and what a runner sets):
#   GITHUB_WORKSPACE      the checked-out repository
#   GITHUB_STEP_SUMMARY   the job summary's file (Markdown is appended)
#   GITHUB_OUTPUT         the step's outputs' file
#   INPUT_BASE, INPUT_HEAD  the commits compared (no base: every file of the head is checked)
#   INPUT_PATHS           git pathspecs the files are taken from, one per line (default: .)
#   INPUT_ARCHIVE         where the other editions are (default: .)
#   INPUT_STRICT          true: warnings fail the step too
#   INPUT_SARIF           true: write SARIF to INPUT_SARIF_FILE (default transit.sarif)
#   TRANSIT               the transit binary (default: transit on PATH)
# Exit status: transit validate's (0 clean, 1 findings, 2 a file could not be read).
set -euo pipefail
transit=${TRANSIT:-transit}
cd "${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is the checked-out repository}"
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
output=${GITHUB_OUTPUT:-/dev/null}
archive=${INPUT_ARCHIVE:-.}
mapfile -t pathspecs < <(printf '%s\n' "${INPUT_PATHS:-.}" | sed '/^[[:space:]]*$/d')
strict=()
[ "${INPUT_STRICT:-false}" = true ] && strict=(--strict)

# The base commit must be in the clone (actions/checkout with fetch-depth: 0).
if [ -n "${INPUT_BASE:-}" ] && ! git cat-file -e "$INPUT_BASE^{commit}" 2>/dev/null; then
  git fetch --quiet --no-tags --depth=1 origin "$INPUT_BASE" 2>/dev/null || true
  if ! git cat-file -e "$INPUT_BASE^{commit}" 2>/dev/null; then
    echo "::error title=transit::the base commit $INPUT_BASE is not in the clone: check out with fetch-depth: 0"
    exit 2
  fi
fi

# The files: those the pull request adds or changes (or, without a base, every tracked file),
# of those the report-named ones and the sheets (the pattern the pre-commit hooks use).
if [ -n "${INPUT_BASE:-}" ]; then
  mapfile -t candidates < <(git diff --name-only --diff-filter=ACMR "$INPUT_BASE" "${INPUT_HEAD:-HEAD}" -- "${pathspecs[@]}")
else
  mapfile -t candidates < <(git ls-files -- "${pathspecs[@]}")
fi
pattern=$("$transit" schema --format file-pattern)
pattern=${pattern#"(?i)"}
files=()
for f in "${candidates[@]}"; do
  [ -f "$f" ] && printf '%s\n' "$f" | grep -qiE "$pattern" && files+=("$f")
done
echo "files=${#files[@]}" >> "$output"
if [ ${#files[@]} -eq 0 ]; then
  printf '### transit validate: no report file changed\n\nOf the %d files changed, none is a report or a sheet.\n' "${#candidates[@]}" >> "$summary"
  exit 0
fi

# Annotations on standard output, where the runner reads workflow commands; the step's status.
status=0
"$transit" validate "${files[@]}" --archive "$archive" "${strict[@]}" --format github || status=$?
"$transit" validate "${files[@]}" --archive "$archive" "${strict[@]}" --format markdown >> "$summary" || true
if [ "${INPUT_SARIF:-false}" = true ]; then
  sarif=${INPUT_SARIF_FILE:-transit.sarif}
  "$transit" validate "${files[@]}" --archive "$archive" "${strict[@]}" --format sarif -o "$sarif" || true
  echo "sarif-file=$sarif" >> "$output"
fi

# Each changed report with its previous edition in the archive: the changes section its figures
# imply, and the figures set side by side.
for f in "${files[@]}"; do
  previous=$("$transit" previous "$f" --archive "$archive" 2>/dev/null) || continue
  [ -n "$previous" ] || continue
  previous=${previous#./}
  {
    printf '\n#### %s against %s\n\n' "$f" "$previous"
    "$transit" changes "$previous" "$f" 2>/dev/null || true
    printf '\n'
    "$transit" diff "$previous" "$f" --format markdown 2>/dev/null || true
  } >> "$summary"
done
echo "status=$status" >> "$output"
exit $status
