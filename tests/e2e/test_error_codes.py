"""Codes picked by the layer that knows what failed (issue 10 §1), through the binary.

The platform layer reports what the OS said; these are the cases where the
old codes gave the wrong advice, checked end to end.
"""
import os
import unittest

from ferrytest import FerryTestCase, make_git_repo, write_stack


class ErrorCodesTest(FerryTestCase):
    def test_git_missing_is_x001_not_not_a_repository(self):
        make_git_repo(os.path.join(self.source, "repo"))
        write_stack(self.stack, [{"name": "repo", "kind": "git", "path": "repo"}])
        empty_path = os.path.join(self.dir, "no-programs")
        os.makedirs(empty_path)
        self.env["PATH"] = empty_path  # git cannot be found; the repository is fine
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertIn("X001", r.stdout + r.stderr)
        self.assertNotIn("S003", r.stdout + r.stderr)

    def test_a_bad_stack_file_exits_2_and_a_corrupt_payload_1(self):
        # Exit codes follow from the catalog's outcome column.
        with open(self.stack, "w") as f:
            f.write("[stack]\nname = 3\n")
        self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=2)
        self.standard_stack()
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        payload = os.path.join(self.medium, "models", "files.tar.zst")
        with open(payload, "r+b") as f:
            f.seek(100)
            byte = f.read(1)
            f.seek(100)
            f.write(bytes([byte[0] ^ 0xFF]))
        r = self.ferry("verify", self.medium, expect=1)
        self.assertIn("FS003", r.stdout)


if __name__ == "__main__":
    unittest.main()
