#!/usr/bin/env bash
# clang-format 14 with the repository's .clang-format over the project's C++ (src/ tests/ fuzz/ bench/).
#   scripts/format.sh           reformat in place
#   scripts/format.sh --check   change nothing; list the files that differ and exit 1 if any does
# Left out: generated tables (src/syntax/hcl/unicode_tables.h, made from Python's unicodedata), whose
# layout is the generator's and which a reformat would turn into one range per line; add such files to
# EXCLUDE below. Build directories and the fuzz corpora are not under the listed directories' sources.
set -euo pipefail
cd "$(dirname "$0")/.."
EXCLUDE='^src/syntax/hcl/unicode_tables\.h$'
FMT=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$FMT" ]; then
  echo "format.sh: clang-format 14 is not installed (apt-get install clang-format-14)" >&2
  exit 2
fi
case "$("$FMT" --version)" in
  *"version 14."*) ;;
  *) echo "format.sh: warning: $("$FMT" --version) is not clang-format 14; its output may differ" >&2 ;;
esac
mode=fix
case "${1:-}" in
  --check) mode=check ;;
  "") ;;
  *) echo "usage: scripts/format.sh [--check]" >&2; exit 2 ;;
esac
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*' 'tests/*' 'fuzz/*' 'bench/*' \
  | grep -E '\.(cpp|cc|h|hpp)$' | grep -Ev "$EXCLUDE" | sort)
if [ "$mode" = fix ]; then
  printf '%s\0' "${files[@]}" | xargs -0 -n 50 "$FMT" -i --style=file
  echo "format.sh: formatted ${#files[@]} files"
  exit 0
fi
export FMT
mapfile -t unformatted < <(printf '%s\0' "${files[@]}" | xargs -0 -n 10 -P "$(nproc)" sh -c \
  'for f; do "$FMT" --style=file --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"; done' sh | sort)
bad=${#unformatted[@]}
if [ "$bad" -ne 0 ]; then
  printf '%s\n' "${unformatted[@]}"
  echo "format.sh: $bad of ${#files[@]} files are not clang-formatted (run scripts/format.sh)" >&2
  exit 1
fi
echo "format.sh: ${#files[@]} files clean"
