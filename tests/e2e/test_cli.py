"""The command line's contract: exit codes, JSON lines, the catalog."""
import json
import os
import unittest

from ferrytest import FerryTestCase, make_files_tree, write_stack


class CliTest(FerryTestCase):
    def test_explain_every_seed_code(self):
        codes = [f"G00{i}" for i in range(1, 6)] + [f"D00{i}" for i in range(1, 7)] + \
                [f"DB00{i}" for i in range(1, 6)] + [f"FS00{i}" for i in range(1, 6)] + \
                [f"N00{i}" for i in range(1, 5)] + [f"P00{i}" for i in range(1, 4)] + [f"R00{i}" for i in range(1, 4)]
        for code in codes:
            r = self.ferry("explain", code, "--json", expect=0)
            entry = json.loads(r.stdout)
            self.assertEqual(entry["code"], code)
            self.assertTrue(entry["resolution"])
        self.assertEqual(json.loads(self.ferry("explain", "G001", "--json").stdout)["severity"], "CRITICAL")
        self.ferry("explain", "NOPE1", expect=2)

    def test_usage_errors_exit_2(self):
        self.ferry("export", expect=2)
        self.ferry("nonsense", expect=2)
        r = self.ferry("export", "--stack", os.path.join(self.dir, "missing.toml"), "--to", self.medium, expect=2)
        self.assertIn("S001", r.stderr)
        with open(self.stack, "w") as f:
            f.write("[[component]]\nname = 'x'\nkind = 'teleport'\npath = '.'\n")
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=2)
        self.assertIn("S002", r.stderr)

    def test_json_lines_progress_and_summary(self):
        make_files_tree(os.path.join(self.source, "models"), self.rng, files=10, big_mb=2)
        write_stack(self.stack, [{"name": "models", "kind": "files", "path": "models"}])
        r, events = self.ferry_json("export", "--stack", self.stack, "--to", self.medium, expect=0)
        types = {e["type"] for e in events}
        self.assertIn("phase", types)
        self.assertIn("progress", types)
        self.assertEqual(events[-1]["type"], "summary")
        self.assertTrue(events[-1]["ok"])
        progress = [e for e in events if e["type"] == "progress"]
        self.assertIn("bytes_done", progress[-1])
        self.assertIn("bytes_per_second", progress[-1])

    def test_check_reports_pass_lines_and_exit_0(self):
        make_files_tree(os.path.join(self.source, "models"), self.rng, files=5, big_mb=1)
        write_stack(self.stack, [{"name": "models", "kind": "files", "path": "models"}])
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertIn("OK", r.stdout)
        write_stack(self.stack, [{"name": "models", "kind": "files", "path": "absent"}])
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("S003", r.stdout)

    def test_reset_volume_refuses_before_touching_the_engine(self):
        # Without a verified export (here: no export at all) the refusal is
        # T005, before any engine is asked; the component's container need
        # not exist. No rollback set is made.
        make_files_tree(os.path.join(self.source, "models"), self.rng, files=5, big_mb=1)
        with_container = [{"name": "models", "kind": "files", "path": "models",
                           "container": "openspg-mysql", "volumes": ["openspg-mysql"]}]
        write_stack(self.stack, with_container)
        r = self.ferry("reset-volume", "--from", self.medium, "--stack", self.stack, "--component", "models",
                       "--yes-delete-volume-contents", expect=1)
        self.assertIn("T005", r.stdout)
        self.assertIn("M001", r.stdout)
        # A verified export of a component that runs in no container: usage error.
        write_stack(self.stack, [{"name": "models", "kind": "files", "path": "models"}])
        self.ferry("export", "--stack", self.stack, "--to", self.medium, "-q", expect=0)
        r = self.ferry("reset-volume", "--from", self.medium, "--stack", self.stack, "--component", "models",
                       "--yes-delete-volume-contents", expect=2)
        self.assertIn("X003", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.source, ".ferry-rollback")))


if __name__ == "__main__":
    unittest.main()
