"""Restore and validate never report success for work that failed or was
never done (issue 9, items 1-3 and 8): a full target disk, a payload
corrupted in place, components nobody compared, and the files macOS Finder
leaves on every USB drive. Real files, real tmpfs mounts (root), the real
ferry binary."""
import json
import os
import subprocess
import unittest

from ferrytest import FerryTestCase, tree_state, write_stack


def can_mount():
    return os.geteuid() == 0


class RestoreHonestyCase(FerryTestCase):
    def weights_stack(self, mb, small_files=40):
        """A model folder: small files and one incompressible weights file."""
        root = os.path.join(self.source, "models")
        os.makedirs(os.path.join(root, "vocab"))
        for i in range(small_files):
            with open(os.path.join(root, "vocab", f"part-{i:03d}.txt"), "w") as f:
                f.write(f"token {i}\n" * 50)
        with open(os.path.join(root, "weights.bin"), "wb") as f:
            f.write(self.rng.randbytes(mb << 20))
        write_stack(self.stack, [{"name": "models", "kind": "files", "path": "models"}])

    def mount_target(self, options):
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", self.target], check=True)
        self.addCleanup(subprocess.run, ["umount", "-l", self.target])

    def findings(self, events):
        return [e for e in events if e.get("type") == "finding" and not e["ok"]]

    def codes(self, events):
        return [e["code"] for e in self.findings(events) if e.get("code")]


@unittest.skipUnless(can_mount(), "mounting a small file system needs root")
class FullTargetTest(RestoreHonestyCase):
    def test_restore_into_too_small_disk_is_refused_before_writing(self):
        self.weights_stack(40)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.mount_target("size=30m")
        r, events = self.ferry_json("restore", "--from", self.medium, "--root", self.target,
                                    "--component", "models", expect=1)
        self.assertIn("R002", self.codes(events), r.stdout)
        self.assertNotIn("all good", r.stdout)
        # Refused before anything was written: no staging, no target.
        self.assertEqual(os.listdir(self.target), [])

    def test_disk_filling_during_extraction_fails_and_leaves_target_as_it_was(self):
        # The data-block write that hits ENOSPC used to be a libarchive
        # warning: the restore said "all good" with zeros past the point
        # where the disk filled.
        self.weights_stack(40)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.mount_target("size=30m")
        r, events = self.ferry_json("restore", "--from", self.medium, "--root", self.target,
                                    "--component", "models", "--skip-space-check", expect=1)
        codes = self.codes(events)
        self.assertIn("R002", codes, r.stdout)
        self.assertNotIn("all good", r.stdout)
        self.assertIn("nothing was restored", r.stdout)
        self.assertEqual(os.listdir(self.target), [], "staging or a half-restored folder was left behind")

    def test_running_out_of_inodes_fails_with_r002_and_keeps_the_old_target(self):
        self.weights_stack(1, small_files=200)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.mount_target("size=64m,nr_inodes=120")
        old = os.path.join(self.target, "models")
        os.makedirs(old)
        with open(os.path.join(old, "keep.txt"), "w") as f:
            f.write("the user's old model")
        before = tree_state(self.target)
        r, events = self.ferry_json("restore", "--from", self.medium, "--root", self.target,
                                    "--component", "models", "--force", expect=1)
        self.assertIn("R002", self.codes(events), r.stdout)
        self.assertEqual(tree_state(self.target, skip=(".ferry-rollback",)), before)


class ResumeAndValidateTest(RestoreHonestyCase):
    def test_export_again_rewrites_a_payload_corrupted_in_place(self):
        # verify says FS003 and "run ferry export again"; that advice must
        # work even when the damage kept the file's size and mtime.
        self.weights_stack(2)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        payload = os.path.join(self.medium, "models", "files.tar.zst")
        st = os.stat(payload)
        with open(payload, "r+b") as f:
            f.seek(st.st_size // 2)
            byte = f.read(1)
            f.seek(st.st_size // 2)
            f.write(bytes([byte[0] ^ 0xFF]))
        os.utime(payload, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.assertIn("FS003", self.ferry("verify", self.medium, expect=1).stdout)
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertNotIn("kept models", r.stdout)
        self.ferry("verify", self.medium, expect=0)

    def test_validate_reports_a_stack_component_missing_from_the_medium(self):
        self.standard_stack()
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.ferry("restore", "--from", self.medium, "--root", self.target, expect=0)
        # The user's own stack file names one component more than the medium holds.
        with open(self.stack, "a") as f:
            f.write('\n[[component]]\nname = "extra"\nkind = "files"\npath = "extra"\n')
        r, events = self.ferry_json("validate", "--from", self.medium, "--stack", self.stack,
                                    "--root", self.target, expect=1)
        missing = [e for e in self.findings(events) if e.get("code") == "M005"]
        self.assertEqual([e["component"] for e in missing], ["extra"], r.stdout)

    def test_validate_of_an_empty_stack_is_not_all_good(self):
        self.standard_stack()
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        empty = os.path.join(self.dir, "empty.toml")
        with open(empty, "w") as f:
            f.write('[stack]\nname = "e2e"\n')
        r = self.ferry("validate", "--from", self.medium, "--stack", empty, "--root", self.target)
        self.assertNotEqual(r.returncode, 0, r.stdout)
        self.assertNotIn("all good", r.stdout)


class FinderLitterTest(RestoreHonestyCase):
    def test_files_macos_writes_on_a_drive_never_block_verify_or_restore(self):
        self.standard_stack()
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        litter = [".DS_Store", "._models", "models/.DS_Store", "models/._files.tar.zst",
                  ".Spotlight-V100/Store-V2/db", ".fseventsd/0000000001", ".Trashes/501/x"]
        for rel in litter:
            path = os.path.join(self.medium, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(b"\0\0\0\1Bud1 finder metadata")
        r, events = self.ferry_json("verify", self.medium, expect=0)
        extra = {e["component"]: e["what"] for e in self.findings(events) if e.get("code") == "M007"}
        self.assertEqual(sorted(extra), sorted(litter))
        self.assertIn("macOS", extra[".DS_Store"])
        self.ferry("restore", "--from", self.medium, "--root", self.target, expect=0)
        self.ferry("validate", "--from", self.medium, "--root", self.target, expect=0)


if __name__ == "__main__":
    unittest.main()
