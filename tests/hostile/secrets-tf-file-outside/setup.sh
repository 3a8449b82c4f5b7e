#!/bin/bash
# A secret outside the scanned tree, reached through a symlink inside it and by its absolute path.
set -e
printf 'CS_PLANTED_SECRET_1' > "$CASE_OUTSIDE/secret.txt"
ln -s "$CASE_OUTSIDE/secret.txt" link.txt
ln -s "$CASE_OUTSIDE" outdir
