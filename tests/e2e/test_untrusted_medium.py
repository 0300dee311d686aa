"""Promise 9, the medium is untrusted input (issue 9, items 5, 6 and 7).

A damaged, edited or swapped medium, and a clumsy command line, must end
with a catalog code and exit 1 or 2, never an abort (134), a crash (139)
or a hang. Every ferry run here has a timeout so that a regression to a
hang fails the test instead of hanging it; the assertions are on exit codes
and messages, never on timings.
"""
import hashlib
import json
import os
import stat
import subprocess
import unittest

from ferrytest import FERRY, FerryTestCase

TIMEOUT = 120  # seconds; only a hang ever reaches it


def nlohmann_dump2(doc):
    """The bytes nlohmann::json::dump(2) writes for doc (sorted keys)."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, separators=(",", ": "))


def write_rehashed_manifest(path, doc, raw=None):
    """Writes the JSON manifest with a recomputed self digest, as anyone can
    (the digests are unkeyed): only the schema stands between it and ferry."""
    doc = dict(doc)
    doc["self_sha256"] = ""
    doc["self_sha256"] = hashlib.sha256(nlohmann_dump2(doc).encode()).hexdigest()
    with open(path, "w") as f:
        f.write(raw if raw is not None else nlohmann_dump2(doc) + "\n")


class UntrustedMediumTest(FerryTestCase):
    def setUp(self):
        super().setUp()
        self.standard_stack(big_mb=1)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.json_path = os.path.join(self.medium, "MIGRATION_MANIFEST.json")
        self.text_path = os.path.join(self.medium, "MIGRATION_MANIFEST.txt")
        with open(self.json_path) as f:
            self.doc = json.load(f)
        self.staging = os.path.join(self.dir, "staging")

    def run_ferry(self, *args):
        try:
            return subprocess.run([FERRY, *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, errors="replace", timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"ferry {' '.join(args)} hung (no answer in {TIMEOUT} s)")

    def expect(self, args, code, *needles):
        r = self.run_ferry(*args)
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, code, f"ferry {' '.join(args)} exited {r.returncode}\n{out}")
        for n in needles:
            self.assertIn(n, out, f"ferry {' '.join(args)}")
        return r

    def every_reader(self):
        """Each command that reads the medium, with its arguments."""
        return [
            ["verify", self.medium],
            ["pull", self.medium, "--to", self.staging],
            ["restore", "--from", self.medium, "--root", self.target],
            ["validate", "--from", self.medium, "--root", self.target],
            ["check", "--stack", self.stack, "--to", self.medium],
        ]

    def payload(self, component):
        return next(p for p in self.doc["payloads"] if p["component"] == component)

    # Item 5: the JSON manifest against its schema.

    def test_wrong_types_in_manifest_are_m002_with_json_path(self):
        cases = [
            (lambda d: d.update(format=1), "format: expected a string"),
            (lambda d: d["payloads"][1].update(size=str(d["payloads"][1]["size"])),
             "payloads[1].size: expected an unsigned integer, found a string"),
            (lambda d: d["payloads"][0].update(path=None), "payloads[0].path: expected a string, found null"),
            (lambda d: d["payloads"][2].update(size=-1), "payloads[2].size: expected an unsigned integer"),
            (lambda d: d["payloads"][2].update(size=2 ** 64 - 1), "payloads[2].size: 18446744073709551615 is larger"),
            (lambda d: d.update(components=[]), "components: expected an object"),
            (lambda d: d["components"]["models"].update(kind=None), "components.models.kind: expected a string"),
        ]
        for edit, message in cases:
            doc = json.loads(json.dumps(self.doc))
            edit(doc)
            write_rehashed_manifest(self.json_path, doc)
            for args in self.every_reader():
                r = self.expect(args, 1, "M002")
                if args[0] in ("verify", "pull", "restore"):
                    self.assertIn(message, r.stdout + r.stderr, args)
        self.assertEqual(os.listdir(self.target), [])

    def test_deeply_nested_manifest_is_m002_not_a_crash(self):
        doc = json.loads(json.dumps(self.doc))
        doc["components"]["models"]["facts"]["deep"] = "@@DEEP@@"
        write_rehashed_manifest(self.json_path, doc)
        with open(self.json_path) as f:
            text = f.read().replace('"@@DEEP@@"', "[" * 100000 + "]" * 100000)
        with open(self.json_path, "w") as f:
            f.write(text)
        for args in self.every_reader():
            self.expect(args, 1, "M002", "nested deeper than")

    def test_unknown_format_version_has_its_own_code(self):
        doc = json.loads(json.dumps(self.doc))
        doc["format_version"] = 2
        write_rehashed_manifest(self.json_path, doc)
        for args in self.every_reader():
            self.expect(args, 1, "M009", "format_version 2")
        r = self.expect(["explain", "M009"], 0)
        self.assertIn("format", r.stdout.lower())

    def test_manifest_that_is_not_json_is_m002(self):
        for garbage in ("", "{", "[]", "null", '{"format": "ferry-manifest"} trailing', "\0" * 10):
            with open(self.json_path, "w") as f:
                f.write(garbage)
            self.expect(["verify", self.medium], 1, "M002")

    def test_overlong_text_manifest_line_is_m002(self):
        with open(self.text_path, "a") as f:
            f.write("0" * 64 + "  " + "x" * 100000 + "\n")
        self.expect(["verify", self.medium], 1, "M002", "longer than")

    # Item 6: special files on the medium.

    def test_fifo_as_text_manifest_is_refused_not_read(self):
        os.remove(self.text_path)
        os.mkfifo(self.text_path)
        for args in self.every_reader():
            self.expect(args, 1, "M010", "FIFO")

    def test_fifo_as_json_manifest_is_refused_not_read(self):
        os.remove(self.json_path)
        os.mkfifo(self.json_path)
        self.expect(["verify", self.medium], 1, "M010", "FIFO")

    def test_fifo_payload_is_refused_by_verify_and_pull(self):
        p = self.payload("models")
        path = os.path.join(self.medium, p["path"])
        os.remove(path)
        os.mkfifo(path)
        self.expect(["verify", self.medium], 1, "M010", "FIFO")
        self.expect(["pull", self.medium, "--to", self.staging], 1, "M010", "FIFO")
        self.expect(["restore", "--from", self.medium, "--root", self.target], 1, "M010")
        self.assertEqual(os.listdir(self.target), [])

    @unittest.skipUnless(os.geteuid() == 0, "mknod needs root")
    def test_dev_zero_device_as_payload_is_refused_not_copied(self):
        p = self.payload("models")
        path = os.path.join(self.medium, p["path"])
        os.remove(path)
        os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
        self.expect(["verify", self.medium], 1, "M010", "character device")
        self.expect(["pull", self.medium, "--to", self.staging], 1, "M010", "character device")
        self.assertLess(self.tree_bytes(self.staging), 64 << 20)

    def test_symlinked_payload_is_refused(self):
        p = self.payload("models")
        path = os.path.join(self.medium, p["path"])
        os.rename(path, os.path.join(self.dir, "elsewhere"))
        os.symlink(os.path.join(self.dir, "elsewhere"), path)
        self.expect(["verify", self.medium], 1, "M010", "symlink")
        self.expect(["pull", self.medium, "--to", self.staging], 1, "M010", "symlink")
        os.remove(path)
        os.symlink("/dev/zero", path)
        self.expect(["pull", self.medium, "--to", self.staging], 1, "M010", "symlink")
        self.assertLess(self.tree_bytes(self.staging), 64 << 20)

    def test_sparse_payload_larger_than_recorded_is_never_read_past_its_size(self):
        p = self.payload("models")
        path = os.path.join(self.medium, p["path"])
        with open(path, "r+b") as f:
            f.truncate(100 << 30)  # 100 GiB apparent size, a few blocks on disk
        self.expect(["verify", self.medium], 1, "M006")
        self.expect(["pull", self.medium, "--to", self.staging], 1, "M006")
        self.assertLess(self.tree_bytes(self.staging), 64 << 20)
        leftovers = [n for _, _, files in os.walk(self.staging) for n in files if n.endswith(".part")]
        self.assertEqual(leftovers, [])

    def test_restore_reads_no_payload_past_its_manifest_size(self):
        """A payload longer than the manifest says, whose first N bytes are
        the exported ones (so the manifest's digest still matches them):
        bytes appended after a genuine archive, here another component's
        genuine zstd payload, a second frame that a reader running on to
        the end of the file would decode. Restore refuses with M006 and
        writes nothing, with or without --component."""
        p = self.payload("models")
        path = os.path.join(self.medium, p["path"])
        with open(os.path.join(self.medium, self.payload("appdb")["path"]), "rb") as f:
            appended = f.read()
        with open(path, "ab") as f:
            f.write(appended)
        with open(path, "rb") as f:
            self.assertEqual(hashlib.sha256(f.read(p["size"])).hexdigest(), p["sha256"])
        for extra in ([], ["--component", "models"]):
            self.expect(["restore", "--from", self.medium, "--root", self.target, *extra], 1, "M006",
                        p["path"], f"manifest says {p['size']}", "nothing was restored")
            self.assertEqual(os.listdir(self.target), [], extra)
        # The stack on the medium, named explicitly, changes nothing.
        self.expect(["restore", "--from", self.medium, "--stack", self.stack, "--root", self.target], 1, "M006")
        self.assertEqual(os.listdir(self.target), [])

    def test_directory_as_manifest_is_refused(self):
        os.remove(self.text_path)
        os.mkdir(self.text_path)
        self.expect(["verify", self.medium], 1, "M010", "directory")

    def tree_bytes(self, root):
        total = 0
        for dirpath, _, files in os.walk(root):
            for n in files:
                total += os.lstat(os.path.join(dirpath, n)).st_blocks * 512
        return total


class BadArgumentsTest(FerryTestCase):
    """Item 7: bad usage is exit 2 with X003, for every argument."""

    def run_ferry(self, *args):
        try:
            return subprocess.run([FERRY, *args], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, errors="replace", timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(f"ferry {' '.join(args)} hung")

    def assert_usage_error(self, args, needle=None):
        r = self.run_ferry(*args)
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 2, f"ferry {args!r} exited {r.returncode}\n{out}")
        self.assertIn("X003", out, args)
        if needle:
            self.assertIn(needle, out, args)

    def test_every_empty_path_argument_is_exit_2(self):
        write_stack = os.path.join(self.source, "ferry.toml")
        with open(write_stack, "w") as f:
            f.write('[stack]\nname = "x"\n')
        m, s, t = self.medium, self.stack, self.target
        cases = [
            ["verify", ""],
            ["export", "--stack", s, "--to", ""],
            ["export", "--stack", "", "--to", m],
            ["check", "--stack", "", "--to", m],
            ["check", "--stack", s, "--to", ""],
            ["restore", "--from", ""],
            ["restore", "--from", m, "--root", ""],
            ["restore", "--from", m, "--stack", "", "--root", t],
            ["restore", "--from", m, "--root", t, "--component", ""],
            ["validate", "--from", ""],
            ["validate", "--from", m, "--root", ""],
            ["rollback", "--from", ""],
            ["rollback", "--from", m, "--root", ""],
            ["migrate", "--stack", s, "--via", "", "--root", t],
            ["migrate", "--stack", "", "--via", m, "--root", t],
            ["migrate", "--stack", s, "--via", m, "--root", ""],
            ["status", "--stack", ""],
            ["pull", "", "--to", t],
            ["pull", m, "--to", ""],
            ["reset-volume", "--from", "", "--component", "x"],
            ["reset-volume", "--from", m, "--component", ""],
            ["reset-volume", "--from", m, "--component", "x", "--stack", ""],
            ["reset-volume", "--from", m, "--component", "x", "--root", ""],
        ]
        for args in cases:
            self.assert_usage_error(args, "empty")

    def test_file_where_a_folder_is_expected_and_back(self):
        a_file = os.path.join(self.dir, "a-file")
        with open(a_file, "w") as f:
            f.write("x")
        with open(self.stack, "w") as f:
            f.write('[stack]\nname = "x"\n')
        self.assert_usage_error(["verify", a_file], "not a folder")
        self.assert_usage_error(["pull", self.medium, "--to", a_file], "not a folder")
        self.assert_usage_error(["export", "--stack", self.stack, "--to", a_file], "not a folder")
        self.assert_usage_error(["restore", "--from", self.medium, "--root", a_file], "not a folder")
        self.assert_usage_error(["export", "--stack", self.dir, "--to", self.medium], "is a folder")
        self.assert_usage_error(["status", "--stack", self.dir], "is a folder")
        fifo = os.path.join(self.dir, "fifo")
        os.mkfifo(fifo)
        self.assert_usage_error(["check", "--stack", fifo, "--to", self.medium], "FIFO")

    def test_out_of_range_numbers_are_exit_2(self):
        with open(self.stack, "w") as f:
            f.write('[stack]\nname = "x"\n')
        for args in (["verify", self.medium, "--threads", "-5"],
                     ["verify", self.medium, "--threads", "100000000"],
                     ["export", "--stack", self.stack, "--to", self.medium, "--threads", "-1"],
                     ["verify", self.medium, "--threads", "many"]):
            self.assert_usage_error(args)


if __name__ == "__main__":
    unittest.main()
