"""Locks, dry runs, refusals: the promises that keep a user's data safe."""
import json
import os
import subprocess
import time
import unittest

from ferrytest import FERRY, FerryTestCase, make_files_tree, tree_state, write_stack


class SafetyTest(FerryTestCase):
    def setUp(self):
        super().setUp()
        make_files_tree(os.path.join(self.source, "models"), self.rng, files=20, big_mb=1)
        write_stack(self.stack, [{"name": "models", "kind": "files", "path": "models"}])

    def test_second_writer_is_locked_out_and_dead_owner_taken_over(self):
        with open(os.path.join(self.medium, ".ferry.lock"), "w") as f:
            json.dump({"host": "another-host", "pid": 4242, "command": "ferry export"}, f)
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("M004", r.stdout + r.stderr)
        self.assertIn("another-host", r.stdout + r.stderr)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, "--break-lock", expect=0)

        # A lock whose owner on this host is gone is taken over with a message.
        dead = subprocess.Popen(["true"])
        dead.wait()
        with open(os.path.join(self.medium, ".ferry.lock"), "w") as f:
            json.dump({"host": os.uname().nodename, "pid": dead.pid, "command": "ferry export"}, f)
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertIn("no longer running", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.medium, ".ferry.lock")))

    def test_dry_runs_change_nothing(self):
        self.ferry("export", "--stack", self.stack, "--to", self.medium, "--dry-run", expect=0)
        self.assertEqual(os.listdir(self.medium), [])
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        medium_before = tree_state(self.medium)
        os.makedirs(os.path.join(self.target, "models"))
        with open(os.path.join(self.target, "models", "mine.txt"), "w") as f:
            f.write("user data")
        target_before = tree_state(self.target)
        self.ferry("restore", "--from", self.medium, "--root", self.target, "--dry-run", "--force", expect=0)
        self.assertEqual(tree_state(self.target), target_before)
        self.assertEqual(tree_state(self.medium), medium_before)

    def test_restore_refuses_non_empty_target_then_force_keeps_rollback(self):
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        os.makedirs(os.path.join(self.target, "models"))
        with open(os.path.join(self.target, "models", "mine.txt"), "w") as f:
            f.write("user data")
        before = tree_state(self.target)
        r = self.ferry("restore", "--from", self.medium, "--root", self.target, expect=1)
        self.assertIn("T001", r.stdout)
        self.assertEqual(tree_state(self.target), before)

        self.ferry("restore", "--from", self.medium, "--root", self.target, "--force", expect=0)
        self.ferry("validate", "--from", self.medium, "--root", self.target, expect=0)
        self.assertFalse(os.path.exists(os.path.join(self.target, "models", "mine.txt")))

        self.ferry("rollback", "--from", self.medium, "--root", self.target, expect=0)
        self.assertEqual(open(os.path.join(self.target, "models", "mine.txt")).read(), "user data")
        r = self.ferry("validate", "--from", self.medium, "--root", self.target, expect=1)
        self.assertIn("V001", r.stdout)
        # Nothing left to undo.
        r = self.ferry("rollback", "--from", self.medium, "--root", self.target, expect=1)
        self.assertIn("T002", r.stdout)

    def test_validate_names_a_changed_file_tree(self):
        self.ferry("migrate", "--stack", self.stack, "--via", self.medium, "--root", self.target, expect=0)
        with open(os.path.join(self.target, "models", "training_data", "part-0001.jsonl"), "a") as f:
            f.write("extra line\n")
        r = self.ferry("validate", "--from", self.medium, "--root", self.target, expect=1)
        self.assertIn("V001", r.stdout)

    def test_status_shows_phases_and_payloads(self):
        self.ferry("migrate", "--stack", self.stack, "--via", self.medium, "--root", self.target, expect=0)
        r = self.ferry("status", "--stack", self.stack, expect=0)
        self.assertIn("migrate", r.stdout)
        self.assertIn("verified", r.stdout)
        self.assertIn("models/files.tar.zst", r.stdout)
        r, events = self.ferry_json("status", "--stack", self.stack, expect=0)
        self.assertEqual(events[0]["runs"][0]["outcome"], "ok")


if __name__ == "__main__":
    unittest.main()
