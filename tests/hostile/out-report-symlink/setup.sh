# Links planted where the reports go, and at names a careless writer would use for its temporary
# file: none may be followed.
set -e
printf 'CS_PRECIOUS_CONTENT\n' > "$CASE_OUTSIDE/victim"
printf 'CS_PRECIOUS_CONTENT\n' > "$CASE_OUTSIDE/victim2"
ln -s "$CASE_OUTSIDE/victim" out.sarif
ln -s "$CASE_OUTSIDE/victim" baseline.json
ln -s "$CASE_OUTSIDE/absent-target" out.json
# The old writer's temporary name was TARGET.tmp.<pid>, and pids come in order: plant the next few
# thousand (one process makes them all, so that the planting itself uses up no pids).
python3 - "$CASE_OUTSIDE" <<'PY'
import os, sys
out = sys.argv[1]
for pid in range(os.getpid(), os.getpid() + 5000):
    os.symlink(out + "/victim2", "out.csv.tmp.%d" % pid)
    os.symlink(out + "/victim", "out.sarif.tmp.%d" % pid)
PY
for n in out.csv.tmp out.csv.tmp.1 .out.csv.tmp out.csv~ .out.csv.swp; do ln -s "$CASE_OUTSIDE/victim2" "$n"; done
