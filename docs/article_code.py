#!/usr/bin/env python3
"""Type-checks the Swift blocks of the documentation catalog's articles as a client of TransitKit
would compile them: each article's blocks, in order, as one program (`import TransitKit` and
Foundation), against the built module's public interface alone (no `-package-name`: what the
package keeps to itself is out of reach, as it is for a user). Exits 1 on any error.

Usage: docs/article_code.py CATALOG MODULES_DIR -- SWIFTC_FLAGS..."""
import os
import subprocess
import sys
import tempfile

catalog, modules = sys.argv[1], sys.argv[2]
flags = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
failed = checked = 0
for name in sorted(os.listdir(catalog)):
    if not name.endswith(".md"):
        continue
    blocks, current = [], None
    for line in open(os.path.join(catalog, name), encoding="utf-8"):
        if current is None and line.rstrip("\n") == "```swift":
            current = []
        elif current is not None and line.rstrip("\n") == "```":
            blocks.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    if not blocks:
        continue
    body = "".join(b for b in blocks)
    lines = [l for l in body.splitlines() if not l.startswith("import ")]
    program = "import Foundation\nimport TransitKit\n\n" + "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        main = os.path.join(tmp, "main.swift")
        open(main, "w", encoding="utf-8").write(program)
        result = subprocess.run(["swiftc", "-typecheck", "-warnings-as-errors", "-I", modules, *flags, main],
                                capture_output=True, text=True)
    checked += len(blocks)
    if result.returncode != 0:
        failed += 1
        print(f"{name}: its Swift does not compile as a client's program:", file=sys.stderr)
        print(result.stderr.replace(main, name + "(code)"), file=sys.stderr)
print(f"{checked} Swift blocks of the articles type-check against TransitKit's public interface" if not failed
      else f"{failed} articles' code does not compile")
sys.exit(1 if failed else 0)
