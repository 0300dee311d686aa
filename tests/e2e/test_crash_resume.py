"""Promise 5: kill -9 of `ferry export` at random moments. The next run
finishes, every payload verifies, nothing verified before the kill is
written again, and no *.part is ever counted as done."""
import json
import os
import signal
import sqlite3
import subprocess
import time
import unittest

from ferrytest import FERRY, FerryTestCase, make_files_tree, make_git_repo, make_sqlite, tree_state, write_stack

TRIALS = int(os.environ.get("FERRY_CRASH_TRIALS", "12"))


class CrashResumeTest(FerryTestCase):
    def setUp(self):
        super().setUp()
        comps = []
        for i in range(4):
            make_files_tree(os.path.join(self.source, f"models{i}"), self.rng, files=40, big_mb=6)
            comps.append({"name": f"models{i}", "kind": "files", "path": f"models{i}"})
        make_git_repo(os.path.join(self.source, "repo"))
        make_sqlite(os.path.join(self.source, "app.db"), rows=20000)
        comps += [{"name": "repo", "kind": "git", "path": "repo"},
                  {"name": "appdb", "kind": "sqlite", "path": "app.db"}]
        write_stack(self.stack, comps)
        # A high zstd level on one thread makes the export slow enough to be
        # hit at many different points.
        self.args = ["export", "--stack", self.stack, "--to", self.medium, "--level", "12", "--threads", "1"]

    def journal_verified(self):
        db = os.path.join(self.env["FERRY_STATE_DIR"], "journal.sqlite")
        if not os.path.exists(db):
            return {}
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT path, state, sha256 FROM payloads").fetchall()
        except sqlite3.OperationalError:
            rows = []  # killed before the journal's tables existed
        finally:
            con.close()
        for path, state, _ in rows:
            self.assertFalse(path.endswith(".part"), f"journal counts a partial file: {path}")
        return {path: sha for path, state, sha in rows if state == "verified"}

    def test_kill_9_at_random_moments_then_resume(self):
        source_before = tree_state(self.source)
        start = time.monotonic()
        self.ferry(*self.args, expect=0)
        full = time.monotonic() - start
        self.start_over()

        # Each attempt kills at a random moment; an attempt that finished
        # before the kill teaches a shorter window. At least TRIALS real kills.
        kills = attempts = 0
        window = full
        while kills < TRIALS and attempts < 4 * TRIALS:
            attempts += 1
            proc = subprocess.Popen([FERRY, *self.args], env=self.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            time.sleep(self.rng.uniform(0.02, max(0.1, window * 0.9)))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            else:
                window *= 0.7
            proc.wait()
            verified = self.journal_verified()
            # What the journal calls verified is on the medium, whole.
            stamps = {}
            for rel, sha in verified.items():
                path = os.path.join(self.medium, rel)
                self.assertTrue(os.path.exists(path), rel)
                st = os.stat(path)
                stamps[rel] = (st.st_ino, st.st_mtime_ns)
            if proc.returncode != 0 and os.path.exists(os.path.join(self.medium, "MIGRATION_MANIFEST.json")):
                self.assertTrue(self.complete(), "a manifest stands for an export that did not finish")
            # Resume: finishes, and leaves what was verified alone.
            self.ferry(*self.args, expect=0)
            for rel, (ino, mtime) in stamps.items():
                st = os.stat(os.path.join(self.medium, rel))
                self.assertEqual((st.st_ino, st.st_mtime_ns), (ino, mtime), f"{rel} was written again")
            self.assertEqual(self.sha256sum_check(self.medium).returncode, 0)
            self.ferry("verify", self.medium, expect=0)
            with open(os.path.join(self.medium, "MIGRATION_MANIFEST.txt")) as f:
                manifest = f.read()
            self.assertNotIn(".part", manifest)
            self.start_over()
        self.assertGreaterEqual(kills, TRIALS, "too few attempts hit a running export")
        self.assertEqual(tree_state(self.source), source_before)

    def start_over(self):
        """An empty medium and journal, for the next trial."""
        subprocess.run(["rm", "-rf", *[os.path.join(self.medium, n) for n in os.listdir(self.medium)]], check=True)
        subprocess.run(["rm", "-rf", self.env["FERRY_STATE_DIR"]], check=True)

    def complete(self):
        try:
            json.load(open(os.path.join(self.medium, "MIGRATION_MANIFEST.json")))
            return self.sha256sum_check(self.medium).returncode == 0
        except (OSError, ValueError):
            return False


if __name__ == "__main__":
    unittest.main()
