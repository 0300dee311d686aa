"""Disaster Scenario 2: pull copies only what is missing or damaged in
staging, verifies on arrival, and survives kill -9."""
import os
import signal
import subprocess
import time
import unittest

from ferrytest import FERRY, FerryTestCase, tree_state


class PullTest(FerryTestCase):
    def test_pull_copies_missing_and_corrupt_only_and_restores_from_staging(self):
        self.standard_stack(big_mb=3)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        staging = os.path.join(self.dir, "staging")
        self.ferry("pull", self.medium, "--to", staging, expect=0)
        self.assertEqual(self.sha256sum_check(staging).returncode, 0)

        # Damage one file and delete another in staging; pull mends just those.
        weights = os.path.join(staging, "models", "files.tar.zst")
        with open(weights, "r+b") as f:
            f.seek(100)
            f.write(b"\xff\xff")
        os.remove(os.path.join(staging, "repo", "repo.bundle"))
        kept = os.stat(os.path.join(staging, "appdb", "db.sqlite.zst")).st_mtime_ns
        r = self.ferry("pull", self.medium, "--to", staging, expect=0)
        self.assertIn("copied 2 files", r.stdout)
        self.assertEqual(os.stat(os.path.join(staging, "appdb", "db.sqlite.zst")).st_mtime_ns, kept)
        self.ferry("verify", staging, expect=0)
        self.ferry("restore", "--from", staging, "--root", self.target, expect=0)
        self.ferry("validate", "--from", staging, "--root", self.target, expect=0)

    def test_pull_killed_then_rerun_completes(self):
        self.standard_stack(big_mb=24)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        staging = os.path.join(self.dir, "staging")
        proc = subprocess.Popen([FERRY, "pull", self.medium, "--to", staging], env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertFalse(os.path.exists(os.path.join(staging, "MIGRATION_MANIFEST.json")) and
                         self.sha256sum_check(staging).returncode != 0)
        self.ferry("pull", self.medium, "--to", staging, expect=0)
        self.ferry("verify", staging, expect=0)


if __name__ == "__main__":
    unittest.main()
