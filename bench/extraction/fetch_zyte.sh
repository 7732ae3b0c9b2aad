#!/usr/bin/env bash
# Extract Zyte's article-extraction-benchmark from a local git directory of
# scrapinghub/article-extraction-benchmark into bench/extraction/zyte/:
#   zyte/ground-truth.json   id -> {"articleBody", "url", ...} (written by people)
#   zyte/html/<id>.html.gz   the page, gzip-compressed UTF-8
#   zyte/REVISION            the commit read
#
# Usage: bench/extraction/fetch_zyte.sh GIT_DIR [REV]
#   GIT_DIR  a (bare or ordinary) git directory of the repository, e.g. the
#            mirror /work/.mirror/scrapinghub+article-extraction-benchmark/repo
#   REV      revision to read (default: HEAD)
set -euo pipefail

git_dir=${1:?usage: $0 GIT_DIR [REV]}
rev=${2:-HEAD}
out="$(cd "$(dirname "$0")" && pwd)/zyte"

mkdir -p "$out"
# Read the two paths as trees/blobs rather than with a pathspec: a mirror may
# lack some large blobs elsewhere (output/*.json), which a pathspec would touch.
git --git-dir="$git_dir" show "$rev:ground-truth.json" > "$out/ground-truth.json"
git --git-dir="$git_dir" archive --prefix=html/ "$rev:html" | tar -x -C "$out"

commit=$(git --git-dir="$git_dir" rev-parse "$rev")
echo "$commit" > "$out/REVISION"
echo "extracted $(find "$out/html" -name '*.html.gz' | wc -l) pages from" \
     "scrapinghub/article-extraction-benchmark@$commit into $out"
