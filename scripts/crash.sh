#!/usr/bin/env bash
# Crash safety, measured (issue 8): RUNS times (default 200), start
# `scrutineer import` of a large paper (a text of several MB, or a PDF of
# a few hundred pages, alternately; each run's copy differs by one line so
# it is a new paper), SIGKILL it at a random moment in 0-2 s, then check:
#   - the next open of the library works (`scrutineer meetings`);
#   - PRAGMA integrity_check is ok;
#   - no partial paper (a document row with no meetings);
#   - every import acknowledged earlier ("imported" printed, exit 0) is
#     still present (by sha256);
#   - after the next run, no scrutineer-papers/<pid>-*.pdf of a dead
#     process is left in the system temp folder.
# Prints the counts. Usage: scripts/crash.sh [RUNS]
# BIN=path/to/scrutineer uses that program instead of building one.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
RUNS="${1:-200}"
if [ -z "${BIN:-}" ]; then
  cargo build --quiet -p scrutineer --bin scrutineer || exit 1
  BIN="${CARGO_TARGET_DIR:-target}/debug/scrutineer"
fi
command -v sqlite3 >/dev/null || { echo "crash.sh needs sqlite3" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
LIB="$WORK/library.sqlite3"
TMP_PAPERS="${TMPDIR:-/tmp}/scrutineer-papers"

# A text of several MB: the sample papers over and over.
for _ in $(seq 1 "${TEXT_COPIES:-8}"); do cat assets/samples/*.txt; done > "$WORK/base.txt"
# A PDF of a few hundred pages of printed text, when pdftotext can read it.
python3 - "$WORK/base.pdf" <<'PY'
import sys
lines = open("assets/samples/Kent Cabinet 2018-03-26 agenda pack.txt", encoding="utf-8", errors="replace").read().splitlines()
pages, objs = [], []
def esc(s): return s.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
per = 60
chunks = [lines[i:i + per] for i in range(0, len(lines), per)] * 6
n = len(chunks)
# 1 catalog, 2 pages, 3 font, then page/content pairs.
kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
for i, chunk in enumerate(chunks):
    body = b"BT /F1 9 Tf 11 TL 40 800 Td " + b"".join(b"(" + esc(l[:110]) + b") ' " for l in chunk) + b"ET"
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {5 + 2 * i} 0 R /Resources << /Font << /F1 3 0 R >> >> >>".encode())
    objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
out = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
if ! pdftotext "$WORK/base.pdf" - 2>/dev/null | grep -ci "cabinet" >/dev/null; then
  echo "(no PDF: pdftotext cannot read the generated one; text only)"
  rm -f "$WORK/base.pdf"
fi
echo "papers: text $(du -h "$WORK/base.txt" | cut -f1)$( [ -f "$WORK/base.pdf" ] && echo ", PDF $(du -h "$WORK/base.pdf" | cut -f1)")"

# Temporary copies of dead processes.
leftovers() {
  local n=0 f pid
  for f in "$TMP_PAPERS"/*-*.pdf; do
    [ -e "$f" ] || continue
    pid="$(basename "$f" | cut -d- -f1)"
    kill -0 "$pid" 2>/dev/null || n=$((n + 1))
  done
  echo "$n"
}

q() { sqlite3 -bail "$LIB" "$1" 2>&1; }

kills=0 finished=0 acknowledged=0 corrupt=0 partial=0 lost=0 unopenable=0 leftover_max=0
: > "$WORK/acknowledged"
for run in $(seq 1 "$RUNS"); do
  if [ -f "$WORK/base.pdf" ] && [ $((run % 2)) -eq 0 ]; then
    paper="$WORK/paper-$run.pdf"; cp "$WORK/base.pdf" "$paper"; printf '%% run %d\n' "$run" >> "$paper"
  else
    paper="$WORK/paper-$run.txt"; cp "$WORK/base.txt" "$paper"; printf '\nrun %d\n' "$run" >> "$paper"
  fi
  "$BIN" --db "$LIB" import "$paper" > "$WORK/out" 2> "$WORK/err" &
  pid=$!
  sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.3f", rand() * 2 }')"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  { wait "$pid"; } 2>/dev/null; code=$?
  if [ "$code" -eq 0 ] && grep -q '^imported' "$WORK/out"; then
    finished=$((finished + 1)); acknowledged=$((acknowledged + 1))
    sha256sum "$paper" | cut -d' ' -f1 >> "$WORK/acknowledged"
  fi
  rm -f "$paper"
  # The next open works.
  if ! "$BIN" --db "$LIB" meetings > /dev/null 2> "$WORK/open-err"; then
    unopenable=$((unopenable + 1)); echo "run $run: the library did not open: $(cat "$WORK/open-err")"
  fi
  [ "$(q 'PRAGMA integrity_check;')" = "ok" ] || { corrupt=$((corrupt + 1)); echo "run $run: integrity_check failed"; }
  p="$(q 'SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.document_id = d.id);')"
  [ "$p" = "0" ] || { partial=$((partial + p)); echo "run $run: $p partial paper(s)"; }
  present="$(q 'SELECT sha256 FROM documents;')"
  l=0
  while read -r sha; do grep -qx "$sha" <<< "$present" || l=$((l + 1)); done < "$WORK/acknowledged"
  [ "$l" -gt "$lost" ] && { echo "run $run: $l acknowledged import(s) lost"; lost=$l; }
  o="$(leftovers)"; [ "$o" -gt "$leftover_max" ] && leftover_max=$o
done
# Let workers orphaned by the kills finish, then one run to completion
# (whose worker's end sweeps what dead processes left).
sleep 5
for w in $(pgrep -f -- '--scrutineer-read-paper' || true); do
  [ "$(readlink "/proc/$w/exe" 2>/dev/null)" = "$(readlink -f "$BIN")" ] && while kill -0 "$w" 2>/dev/null; do sleep 1; done
done
final="$WORK/final.pdf"; [ -f "$WORK/base.pdf" ] && cp "$WORK/base.pdf" "$final" && echo "% final" >> "$final" || { final="$WORK/final.txt"; cp "$WORK/base.txt" "$final"; echo final >> "$final"; }
"$BIN" --db "$LIB" import "$final" > /dev/null 2>&1 || { unopenable=$((unopenable + 1)); echo "the final import failed"; }
after="$(leftovers)"
echo
echo "runs:                          $RUNS"
echo "kills (process still running): $kills"
echo "finished before the kill:      $finished (acknowledged imports: $acknowledged)"
echo "documents in the library:      $(q 'SELECT count(*) FROM documents;')"
echo "corrupt libraries:             $corrupt"
echo "partial papers:                $partial"
echo "lost acknowledged imports:     $lost"
echo "libraries that did not open:   $unopenable"
echo "leftover temp files (most seen between runs, dead processes): $leftover_max"
echo "leftover temp files after the next run:                       $after"
[ "$corrupt" -eq 0 ] && [ "$partial" -eq 0 ] && [ "$lost" -eq 0 ] && [ "$unopenable" -eq 0 ] && [ "$after" -eq 0 ]
