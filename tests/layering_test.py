#!/usr/bin/env python3
"""Layering (DESIGN.md section 2): a layer includes only itself and the layers to its left.

The decisive rule: a check never includes a parser, a source adapter or the AWS layer; it reads only
the model. Fails with the offending file:line when an #include crosses a layer the wrong way.
"""
import os
import re
import sys

# layer -> layers it may include (besides itself). Order follows DESIGN.md's data flow.
ALLOWED = {
    "base": set(),
    "io": {"base"},
    "syntax": {"base"},
    "model": {"base"},
    "aws": {"base", "io", "syntax"},
    # What a scan finds: results, metadata, coverage. Its baseline reader parses JSON (syntax) and
    # normalises paths (io) in its .cpp; its headers include only base and model.
    "findings": {"base", "io", "syntax", "model"},
    "sources": {"base", "io", "syntax", "model", "aws", "findings"},  # findings: live coverage
    "checks": {"base", "model", "findings"},
    "engine": {"base", "io", "syntax", "model", "sources", "checks", "aws", "findings"},
    "fix": {"base", "io", "syntax", "model", "checks", "engine", "findings"},
    # Sinks: they see what a scan found, never the engine, a source or a parser.
    "report": {"base", "model", "findings"},
    "store": {"base", "model", "findings"},
    "service": {"base", "io", "model", "checks", "engine", "report", "fix", "store", "aws", "findings"},
    "cli": {"base", "io", "syntax", "model", "sources", "checks", "engine", "report", "fix", "store", "service",
            "aws", "findings"},
}
# Narrower rules for a layer's headers: what the layers above see through them.
HEADERS_ONLY = {"findings": {"base", "model"}}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(rel):
    return rel.split("/", 1)[0]


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
    bad = []
    checked = 0
    for dirpath, _, files in os.walk(src):
        for name in files:
            if not name.endswith((".h", ".cpp")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            layer = layer_of(rel)
            if layer not in ALLOWED:
                bad.append(f"{rel}: directory '{layer}' is not a known layer (add it to tests/layering_test.py)")
                continue
            sub = rel.split("/")[1] if layer in ("syntax", "sources") and "/" in rel else None
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    checked += 1
                    target = m.group(1)
                    tlayer = layer_of(target)
                    if tlayer == layer:
                        # syntax/hcl must not include syntax/json (siblings are separate layers) and so on.
                        if sub and "/" in target and target.split("/")[1] != sub and layer == "syntax":
                            bad.append(f"{rel}:{lineno}: {layer}/{sub} includes sibling {target}")
                        continue
                    if layer in HEADERS_ONLY and rel.endswith(".h") and tlayer not in HEADERS_ONLY[layer]:
                        bad.append(f"{rel}:{lineno}: a {layer} header may not include {target}")
                    elif tlayer not in ALLOWED[layer]:
                        bad.append(f"{rel}:{lineno}: layer '{layer}' may not include {target}")
    for b in bad:
        print(b)
    print(f"layering: {checked} includes checked, {len(bad)} violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
