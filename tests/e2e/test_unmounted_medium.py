"""An unmounted drive as medium (issue 14 §2, FS012), through the binary.

A folder below the real /mnt stands in for the user's /mnt/e with the USB
drive not mounted; a tmpfs mounted on it stands in for the drive. Needs root
(to mount) and /mnt on the system root's filesystem; otherwise it skips and
says why.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

from ferrytest import FerryTestCase, write_stack


class UnmountedMediumTest(FerryTestCase):
    def setUp(self):
        super().setUp()
        if not os.path.isdir("/mnt") or os.stat("/mnt").st_dev != os.stat("/").st_dev:
            self.skipTest("/mnt is not a folder of the system root's filesystem here")
        self.drive = tempfile.mkdtemp(prefix="ferry-e2e-", dir="/mnt")
        self.mounted = False
        with open(os.path.join(self.source, "notes.txt"), "w") as f:
            f.write("notes\n")
        write_stack(self.stack, [{"name": "notes", "kind": "files", "path": "notes.txt"}])

    def tearDown(self):
        if self.mounted:
            subprocess.run(["umount", "-l", self.drive], check=False)
        shutil.rmtree(self.drive, ignore_errors=True)
        super().tearDown()

    def test_unmounted_drive_is_refused_before_anything_is_written(self):
        for args in (("check", "--to"), ("export", "--to")):
            r = self.ferry(args[0], "--stack", self.stack, args[1], self.drive, expect=1)
            self.assertIn("FS012", r.stdout)
            self.assertIn("--medium-is-folder", r.stdout + r.stderr)
            self.assertEqual(os.listdir(self.drive), [])
        # On purpose, a plain folder there is accepted.
        self.ferry("export", "--stack", self.stack, "--to", self.drive, "--medium-is-folder", expect=0)
        self.assertTrue(os.path.exists(os.path.join(self.drive, "MIGRATION_MANIFEST.txt")))

    def test_mounted_drive_is_accepted(self):
        m = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", self.drive],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if m.returncode != 0:
            self.skipTest("cannot mount a tmpfs: " + m.stdout.strip())
        self.mounted = True
        r = self.ferry("export", "--stack", self.stack, "--to", self.drive, expect=0)
        self.assertNotIn("FS012", r.stdout)
        self.assertTrue(os.path.exists(os.path.join(self.drive, "MIGRATION_MANIFEST.txt")))


if __name__ == "__main__":
    unittest.main()
