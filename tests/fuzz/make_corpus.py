#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/) from the inputs the
unit tests already use: their C++ string literals, the golden files and the example app. Run it
again when those tests gain inputs worth starting from; scripts/fuzz.sh only reads the result.

Usage: tests/fuzz/make_corpus.py"""

import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNIT = ROOT / "tests" / "unit"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

LITERAL = re.compile(r'R"([^(\s]*)\((.*?)\)\1"|"((?:[^"\\\n]|\\.)*)"', re.S)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "x":
                digits = re.match(r"[0-9a-fA-F]+", text[i + 2:]).group(0)
                out.append(chr(int(digits, 16)))
                i += 2 + len(digits)
                continue
            out.append(ESCAPES.get(nxt, nxt))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def literals(path):
    """The string literals of a C++ file, adjacent ones joined as the compiler joins them."""
    source = path.read_text()
    found, last_end = [], None
    for match in LITERAL.finditer(source):
        value = match.group(2) if match.group(2) is not None else unescape(match.group(3))
        if last_end is not None and source[last_end:match.start()].strip() == "" and found:
            found[-1] += value
        else:
            found.append(value)
        last_end = match.end()
    return found


def write(target, seeds):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if not old.name.startswith("finding-"):  # fixed findings, kept as seeds
            old.unlink()
    unique = {seed.encode("utf-8", "surrogateescape") for seed in seeds if seed}
    for data in sorted(unique):
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(unique)} seeds")


def files(*patterns):
    return [p.read_text() for pattern in patterns for p in sorted(ROOT.glob(pattern))]


yaml_files = files("examples/**/*.yaml", "tests/golden/gitpromote/*.yaml")
manifest_literals = [s for s in literals(UNIT / "manifest_parse_test.cpp") if "\n" in s or ":" in s]
json_literals = [
    s
    for name in ("compare_test", "pipeline_plan_test", "sync_health_test", "sync_wait_test",
                 "aggregated_discovery_test", "list_keys_test")
    for s in literals(UNIT / f"{name}.cpp")
    if s.lstrip().startswith(("{", "["))
]
edit_literals = [s for s in literals(UNIT / "yaml_edit_test.cpp") if ":" in s]
values = ["1.3.0", "1.10", "yes", "it's", "a: b", "- item", "line\nbreak", ""]

write("manifest_yaml", yaml_files + manifest_literals)
write("manifest_json", json_literals)
write("yaml_edit", [text + "\0" + value for text in edit_literals + yaml_files[:4]
                    for value in values[:3]] + [edit_literals[0] + "\0" + v for v in values])
write("image_ref", [s for s in literals(UNIT / "image_ref_test.cpp") if s and " " not in s])
write("field_path", [s for name in ("compare_test", "yaml_edit_test", "promote_plan_test")
                     for s in literals(UNIT / f"{name}.cpp")
                     if s and "\n" not in s and len(s) < 120 and (("." in s) or (":" in s))])
live = [s for s in literals(UNIT / "compare_test.cpp") if s.lstrip().startswith("{")]
write("compare", [desired + "\0" + answer for desired in yaml_files[:6] + manifest_literals[:6]
                  for answer in live[:6]])
write("openapi_list_keys", [s for s in json_literals if "openapi" in s or "schemas" in s] +
      ["apps/Deployment spec.template.spec.containers name\n"])
signers = [s for s in literals(UNIT / "allowed_signers_test.cpp") if " " in s]
write("allowed_signers", signers + ["\n".join(signers)])
write("openpgp_keyring", [s for s in literals(UNIT / "openpgp_keyring_test.cpp") if len(s) > 8])
pushes = [s for s in literals(UNIT / "agent_test.cpp") if s.lstrip().startswith("{")]
write("webhook", [secret + "\0" + body for secret in ("s3cret", "")
                  for body in pushes + [p.replace("main", "release/1.2") for p in pushes]])

