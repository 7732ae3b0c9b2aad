#!/usr/bin/env bash
# Extract Mozilla Readability's test pages from a local git directory of
# mozilla/readability into bench/extraction/pages/<name>/{source,expected}.html.
#
# Usage: bench/extraction/fetch_pages.sh GIT_DIR [REV]
#   GIT_DIR  a (bare or ordinary) git directory of mozilla/readability,
#            e.g. the mirror /work/.mirror/mozilla+readability/repo
#   REV      revision to read (default: HEAD)
set -euo pipefail

git_dir=${1:?usage: $0 GIT_DIR [REV]}
rev=${2:-HEAD}
out="$(cd "$(dirname "$0")" && pwd)/pages"

mkdir -p "$out"
# test/test-pages/<name>/<file> -> <name>/<file>, keeping only the two files we score.
git --git-dir="$git_dir" archive "$rev" test/test-pages \
  | tar -x -C "$out" --strip-components=2 --wildcards '*/source.html' '*/expected.html'

commit=$(git --git-dir="$git_dir" rev-parse "$rev")
echo "$commit" > "$out/REVISION"
echo "extracted $(find "$out" -name source.html | wc -l) pages from mozilla/readability@$commit into $out"
