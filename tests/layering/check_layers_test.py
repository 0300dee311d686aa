#!/usr/bin/env python3
"""Self-test of check_layers.py on tiny fake trees, so a checker that
silently passes everything (a regex that stops matching) fails here."""
import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECKER = pathlib.Path(__file__).with_name("check_layers.py")


def make_tree(root, files):
    (root / "CMakeLists.txt").write_text(
        "# Layers, lowest first\nforeach(layer diag platform medium phases cli)\nendforeach()\n")
    for name, text in files.items():
        path = root / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(root):
    return subprocess.run([sys.executable, str(CHECKER), str(root)],
                          capture_output=True, text=True)


class CheckLayersTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self.dir.name)

    def tearDown(self):
        self.dir.cleanup()

    def test_clean_tree_passes(self):
        make_tree(self.root, {
            "diag/status.h": "#pragma once\n#include <string>\n",
            "platform/file.h": '#include "diag/status.h"\n#include "platform/os.h"\n',
            "medium/medium.cc": '#include "medium/medium.h"\n#include "platform/file.h"\n',
            "cli/main.cc": '#include "phases/export.h"\n#include "diag/status.h"\n',
        })
        result = run(self.root)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("6 includes checked", result.stdout)

    def test_upward_include_fails_and_is_named(self):
        make_tree(self.root, {
            "diag/status.h": "#pragma once\n",
            "medium/medium.cc": '#include "platform/file.h"\n\n#include "phases/export.h"\n',
        })
        result = run(self.root)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("src/medium/medium.cc:3: medium includes phases", result.stdout)
        self.assertNotIn("platform (above", result.stdout)

    def test_tests_and_testing_helpers_follow_the_rule(self):
        make_tree(self.root, {
            "platform/testing/fake_os.h": '#include "medium/medium.h"\n',
            "diag/status_test.cc": '#include "cli/main.h"\n',
        })
        result = run(self.root)
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/platform/testing/fake_os.h:1: platform includes medium", result.stdout)
        self.assertIn("src/diag/status_test.cc:1: diag includes cli", result.stdout)

    def test_folder_missing_from_the_table_fails(self):
        make_tree(self.root, {"newthing/x.cc": '#include "diag/status.h"\n'})
        result = run(self.root)
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/newthing/ is not in the layer table", result.stdout)


if __name__ == "__main__":
    unittest.main()
