"""Expected results of a fixture, read from comments next to the lines they concern.

Layout: tests/fixtures/<check>/<source>/<case>/ (a check's fixtures, keyed by check id) and
tests/fixtures/<feature>/<case>/ for behaviour shared by every check (tests/fixtures/suppress). A case
directory is scanned as the working directory with `cloudsift scan . --format json`.

Inline syntax (in any file that holds comments: `#` or `//`), in the way of clang-tidy's CHECK-MESSAGES:

    # expect: VERDICT CHECK REASON [ADDRESS] [@LINE+N | @LINE-N | @FILE:LINE] [suppressed]
    # expect-diag: SEVERITY [@LINE+N | @FILE:LINE]
    # expect-exit: N                    (once per case, in any file)
    # expect-args: --var x=1            (once per case, in any file; shell words)
    # expect-fix: TEXT                  (parsed and stored, not yet checked: room for fixes)

A comment alone on its line concerns the next line that is not itself an expectation comment (so several
can be stacked above one resource); a comment after code concerns its own line; `@LINE+N`/`@LINE-N` is
relative to the comment's own line. ADDRESS may be left out when the line concerned declares the resource
in the obvious way (`resource "T" "N"` -> T.N in Terraform; a `Name:` key -> Name in CloudFormation, SAM and
CDK, functions.Name in Serverless). JSON cannot hold comments: a case's `expect.txt` sidecar holds the
same directives, each `expect:`/`expect-diag:` line with an explicit `@FILE:LINE`.

A case under tests/fixtures/<check>/ is scanned with `--check <check>` plus `--check` for every other check
its expectations name (unless its `expect-args:` choose checks themselves): other checks' results are not
its business unless it says so.

The old layout (tests/fixtures/<source>/<case>/expect.txt with bare `VERDICT REASON ADDRESS FILE:LINE`
lines, no check id) is gone; tests/e2e/layout_equivalence.py reads it from an old revision to prove a
conversion kept every expectation.
"""
import os
import re
import shlex

DIRECTIVE = re.compile(r"(?:#|//)\s*(expect(?:-diag|-exit|-args|-fix)?):\s*(.*?)\s*$")
VERDICTS = {"PASS", "FAIL", "UNRESOLVED", "NOT_APPLICABLE"}
NO_COMMENTS = (".json",)  # files that cannot hold comments: their expectations go in expect.txt
FEATURES = ("suppress",)  # top-level folders of behaviour shared by every check (not a check id)


class FixtureError(Exception):
    pass


class Expected:
    def __init__(self):
        self.args = []
        self.exit = None
        self.results = set()  # (verdict, check, reason, address, "file:line"[, "suppressed"])
        self.diags = set()    # (severity, "file:line")
        self.fixes = []       # ("file:line", text): stored, not yet checked
        self._seen = set()

    def once(self, key, where):
        if key in self._seen:
            raise FixtureError(f"{where}: {key} given twice in one case")
        self._seen.add(key)


def derive_address(source, rel, text):
    """The address a declaration line obviously names, or None. By the file: Terraform for .tf, Serverless
    for serverless.*, else (YAML) CloudFormation, SAM and CDK logical ids."""
    base = os.path.basename(rel)
    if base.endswith(".tf"):
        m = re.match(r'\s*resource\s+"([^"]+)"\s+"([^"]+)"', text)
        return f"{m.group(1)}.{m.group(2)}" if m else None
    m = re.match(r"\s*([A-Za-z0-9_.-]+)\s*:\s*(?:#.*)?$", text)
    if not m:
        return None
    if source == "serverless" or base.startswith("serverless."):
        return f"functions.{m.group(1)}"
    if base.endswith((".yaml", ".yml", ".template")):
        return m.group(1)
    return None


def _location(tok, rel, line_no, where):
    m = re.fullmatch(r"@LINE([+-]\d+)?", tok)
    if m:
        if rel is None:
            raise FixtureError(f"{where}: @LINE needs a file; in expect.txt write @FILE:LINE")
        return f"{rel}:{line_no + int(m.group(1) or 0)}"
    m = re.fullmatch(r"@(.+):(\d+)", tok)
    if m:
        return f"{m.group(1)}:{m.group(2)}"
    raise FixtureError(f"{where}: bad location {tok!r} (want @LINE+N, @LINE-N or @FILE:LINE)")


def _directive(exp, kind, body, rel, line_no, target, source, where, lines=None):
    """rel/line_no: the comment's file and line (None in expect.txt); target: (line number, text) or None."""
    toks = body.split()
    loc = None
    if kind in ("expect", "expect-diag"):
        at = [t for t in toks if t.startswith("@")]
        if len(at) > 1:
            raise FixtureError(f"{where}: more than one location")
        toks = [t for t in toks if not t.startswith("@")]
        if at:
            loc = _location(at[0], rel, line_no, where)
            n = int(loc.rsplit(":", 1)[1])
            target = (n, lines[n - 1]) if at[0].startswith("@LINE") and lines and 0 < n <= len(lines) else None
        elif target is None:
            raise FixtureError(f"{where}: no line to point at; give @FILE:LINE")
        else:
            loc = f"{rel}:{target[0]}"
    if kind == "expect":
        suppressed = bool(toks) and toks[-1] == "suppressed"
        if suppressed:
            toks = toks[:-1]
        if len(toks) < 3 or toks[0] not in VERDICTS:
            raise FixtureError(f"{where}: want `expect: VERDICT CHECK REASON [ADDRESS] [@..] [suppressed]`")
        verdict, check, reason, address = toks[0], toks[1], toks[2], " ".join(toks[3:])
        if not address:
            if target is None:
                raise FixtureError(f"{where}: give the address when the location is @FILE:LINE")
            address = derive_address(source, rel, target[1])
            if address is None:
                raise FixtureError(f"{where}: the address is not obvious from {target[1].strip()!r}; write it")
        exp.results.add((verdict, check, reason, address, loc) + (("suppressed",) if suppressed else ()))
    elif kind == "expect-diag":
        if len(toks) != 1:
            raise FixtureError(f"{where}: want `expect-diag: SEVERITY [@..]`")
        exp.diags.add((toks[0], loc))
    elif kind == "expect-exit":
        exp.once("expect-exit", where)
        exp.exit = int(body)
    elif kind == "expect-args":
        exp.once("expect-args", where)
        exp.args = shlex.split(body)
    elif kind == "expect-fix":
        exp.fixes.append((f"{rel}:{target[0]}" if rel and target else "", body))


def _scan_file(exp, path, rel, source):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (UnicodeDecodeError, OSError):
        return  # binary or unreadable: holds no expectations
    found = []  # (index, kind, body, full_line)
    for i, text in enumerate(lines):
        m = DIRECTIVE.search(text)
        if not m:
            continue
        before = text[:m.start()]
        found.append((i, m.group(1), m.group(2), before.strip() == ""))
    full = {i for i, _, _, whole in found if whole}
    for i, kind, body, whole in found:
        target = None
        if whole:
            j = i + 1
            while j in full:
                j += 1
            if j < len(lines):
                target = (j + 1, lines[j])
        else:
            target = (i + 1, lines[i])
        _directive(exp, kind, body, rel, i + 1, target, source, f"{rel}:{i + 1}", lines)


def strip_expectations(case_dir):
    """Removes every expectation comment from the files under case_dir, in place: a whole-line one with its
    line, one after code from the line. Returns {relative file: {new line: old line}} for the files it
    changed. (The e2e runner scans such a copy to show that expectations are inert to the scanner.)"""
    maps = {}
    for dirpath, dirnames, filenames in os.walk(case_dir):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name == "expect.txt" or name.endswith(NO_COMMENTS) or os.path.islink(path):
                continue
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    lines = f.read().split("\n")
            except (UnicodeDecodeError, OSError):
                continue
            out, back = [], {}
            for n, text in enumerate(lines, 1):
                m = DIRECTIVE.search(text)
                if m:
                    if text[:m.start()].strip() == "":
                        continue
                    text = text[:m.start()].rstrip() + ("\r" if text.endswith("\r") else "")
                out.append(text)
                back[len(out)] = n
            if len(out) != len(lines) or out != lines:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write("\n".join(out))
                maps[os.path.relpath(path, case_dir)] = back
    return maps


def parse_inline(case_dir, source):
    """Expectations of a new-layout case: inline comments plus the optional expect.txt sidecar."""
    exp = Expected()
    for dirpath, dirnames, filenames in os.walk(case_dir):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, case_dir)
            if rel == "expect.txt" or name.endswith(NO_COMMENTS) or os.path.islink(path):
                continue
            _scan_file(exp, path, rel, source)
    side = os.path.join(case_dir, "expect.txt")
    if os.path.isfile(side):
        with open(side, encoding="utf-8") as f:
            for n, text in enumerate(f, 1):
                if not text.strip():
                    continue
                m = DIRECTIVE.search(text)
                if m and text[:m.start()].strip() == "":
                    _directive(exp, m.group(1), m.group(2), None, n, None, source, f"expect.txt:{n}")
                elif re.match(r"\s*#\s*(exit|args):", text):
                    raise FixtureError(f"expect.txt:{n}: the old syntax {text.strip()!r}: write expect-exit: or "
                                       "expect-args:")
                elif not text.lstrip().startswith("#"):
                    raise FixtureError(f"expect.txt:{n}: not a directive: {text.strip()!r}")
    return exp


def fixture_cases(root, check_ids):
    """(name, dir, source) for every case: tests/fixtures/<check>/<source>/<case>/ and
    tests/fixtures/<feature>/<case>/ (FEATURES). Raises FixtureError for a top-level folder that is neither
    a check id nor a feature (a stray or old-layout folder would otherwise be skipped unnoticed)."""
    out = []
    stray = []
    for top in sorted(os.listdir(root)):
        td = os.path.join(root, top)
        if not os.path.isdir(td):
            continue
        if top in check_ids:
            for source in sorted(os.listdir(td)):
                sd = os.path.join(td, source)
                if not os.path.isdir(sd):
                    continue
                for case in sorted(os.listdir(sd)):
                    d = os.path.join(sd, case)
                    if os.path.isdir(d):
                        out.append((f"{top}/{source}/{case}", d, source))
        elif top in FEATURES:
            for case in sorted(os.listdir(td)):
                d = os.path.join(td, case)
                if os.path.isdir(d):
                    out.append((f"{top}/{case}", d, top))
        else:
            stray.append(top)
    if stray:
        raise FixtureError(f"tests/fixtures/{', '.join(stray)}: neither a check id nor a feature folder "
                           f"({', '.join(FEATURES)}); a case goes in tests/fixtures/<check>/<source>/<case>/")
    return out


def scan_checks(top, exp, check_ids):
    """The --check arguments the runner adds for a case under tests/fixtures/<top>/: its check and every
    check its expectations name; none when the case chooses checks itself or is not under a check."""
    if top not in check_ids or any(a == "--check" or a.startswith("--check=") for a in exp.args):
        return []
    named = sorted({r[1] for r in exp.results} - {top})
    return [a for c in [top] + named for a in ("--check", c)]


def compare(exp, doc, rc, err):
    """The problems (list of lines) between an Expected and a `scan --format json` document."""
    def key(r):
        return ((r["verdict"], r["check_id"], r["reason"], r["resource"], f'{r["file"]}:{r["line"]}')
                + (("suppressed",) if r.get("suppressed") else ()))
    got = {key(r) for r in doc["results"]}
    want = exp.results
    got_diags = {(d["severity"], f'{d["file"]}:{d["line"]}') for d in doc["diagnostics"]}
    show = " ".join
    problems = [f"  missing:    {show(x)}" for x in sorted(want - got, key=str)]
    problems += [f"  unexpected: {show(x)}" for x in sorted(got - want, key=str)]
    problems += [f"  missing diagnostic: {show(x)}" for x in sorted(exp.diags - got_diags)]
    for x in sorted(got_diags - exp.diags):
        if x[0] == "error":
            msgs = [d["message"] for d in doc["diagnostics"] if f'{d["file"]}:{d["line"]}' == x[1]]
            problems.append(f"  unexpected diagnostic: {show(x)} {msgs}")
    if exp.exit is not None and rc != exp.exit:
        problems.append(f"  exit code {rc}, expected {exp.exit}; stderr: {err.strip()}")
    return problems


def case_args(d, source=""):
    """The extra scan arguments of a case ([] when its expectations do not parse)."""
    try:
        return parse_inline(d, source).args
    except FixtureError:
        return []
