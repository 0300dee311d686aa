"""A full medium (seed FS005) and a read-only one (FS001), for real: small
tmpfs mounts. Needs root, as the README's commands and CI run."""
import os
import subprocess
import unittest

from ferrytest import FerryTestCase, tree_state, write_stack


def can_mount():
    return os.geteuid() == 0


@unittest.skipUnless(can_mount(), "mounting a small file system needs root")
class MediaFaultTest(FerryTestCase):
    def mount(self, size, options=""):
        opts = f"size={size}" + ("," + options if options else "")
        subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", self.medium], check=True)
        self.addCleanup(subprocess.run, ["umount", "-l", self.medium])

    def incompressible_source(self, mb):
        os.makedirs(os.path.join(self.source, "weights"))
        with open(os.path.join(self.source, "weights", "w.bin"), "wb") as f:
            f.write(self.rng.randbytes(mb << 20))
        write_stack(self.stack, [{"name": "weights", "kind": "files", "path": "weights"}])

    def test_preflight_says_fs005_with_numbers(self):
        self.incompressible_source(24)
        self.mount("8m")
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("FS005", r.stdout)
        self.assertIn("MiB", r.stdout)
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("FS005", r.stdout)

    def test_medium_filling_up_mid_write_is_fs005_and_leaves_no_manifest(self):
        self.incompressible_source(24)
        self.mount("16m")
        before = tree_state(self.source)
        # --force skips the estimate, so the disk really fills up mid-write.
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, "--force", expect=1)
        self.assertIn("FS005", r.stdout + r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.medium, "MIGRATION_MANIFEST.txt")))
        self.assertFalse(os.path.exists(os.path.join(self.medium, "MIGRATION_MANIFEST.json")))
        leftovers = [f for _, _, fs in os.walk(self.medium) for f in fs if f.endswith(".part")]
        self.assertEqual(leftovers, [])
        self.assertEqual(tree_state(self.source), before)
        r = self.ferry("verify", self.medium, expect=1)
        self.assertIn("M001", r.stdout)

    def test_read_only_medium_is_fs001(self):
        self.incompressible_source(1)
        self.mount("8m", "ro")
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("FS001", r.stdout)
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("FS001", r.stdout)

    def test_missing_medium_is_fs001(self):
        self.incompressible_source(1)
        r = self.ferry("export", "--stack", self.stack, "--to", os.path.join(self.dir, "not-mounted"), expect=1)
        self.assertIn("FS001", r.stdout)


if __name__ == "__main__":
    unittest.main()
