"""Seed Phase 3 and disaster Scenarios 1 and 4: every kind of damage to a
medium is found, named and given its catalog code."""
import json
import os
import unittest

from ferrytest import FerryTestCase


class CorruptionTest(FerryTestCase):
    def setUp(self):
        super().setUp()
        self.standard_stack(big_mb=2)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.payloads = [p for p in json.load(open(os.path.join(self.medium, "MIGRATION_MANIFEST.json")))["payloads"]]

    def findings(self, events):
        return [e for e in events if e.get("type") == "finding" and not e["ok"]]

    def test_flipped_byte_in_every_payload_is_fs003_naming_it(self):
        for p in self.payloads:
            path = os.path.join(self.medium, p["path"])
            with open(path, "r+b") as f:
                offset = self.rng.randrange(p["size"])
                f.seek(offset)
                byte = f.read(1)
                f.seek(offset)
                f.write(bytes([byte[0] ^ 0x01]))
        r, events = self.ferry_json("verify", self.medium, expect=1)
        found = self.findings(events)
        corrupt = {e["component"] for e in found if e["code"] == "FS003"}
        # ferry.toml is covered by the manifest as well: the JSON manifest
        # digests catch it even when the text line still parses.
        self.assertEqual(corrupt, {p["path"] for p in self.payloads})
        for e in found:
            self.assertIn("CORRUPT", e["what"])

    def test_truncated_deleted_and_extra_files(self):
        victims = [p for p in self.payloads if p["path"] != "ferry.toml"]
        truncated, deleted = victims[0], victims[1]
        with open(os.path.join(self.medium, truncated["path"]), "r+b") as f:
            f.truncate(truncated["size"] // 2)
        os.remove(os.path.join(self.medium, deleted["path"]))
        with open(os.path.join(self.medium, "stray.bin"), "wb") as f:
            f.write(b"not ours")
        r, events = self.ferry_json("verify", self.medium, expect=1)
        codes = {(e["code"], e["component"]) for e in self.findings(events)}
        self.assertIn(("M006", truncated["path"]), codes)
        self.assertIn(("M005", deleted["path"]), codes)
        self.assertIn(("M007", "stray.bin"), codes)

    def test_missing_manifest_means_interrupted_export(self):
        os.remove(os.path.join(self.medium, "MIGRATION_MANIFEST.json"))
        r = self.ferry("verify", self.medium, expect=1)
        self.assertIn("M001", r.stdout)
        self.assertIn("did not finish", r.stdout)
        # Restore refuses such a medium.
        r = self.ferry("restore", "--from", self.medium, "--root", self.target, expect=1)
        self.assertEqual(os.listdir(self.target), [])

    def test_edited_manifest_is_m002(self):
        path = os.path.join(self.medium, "MIGRATION_MANIFEST.json")
        doc = json.load(open(path))
        doc["payloads"][0]["size"] += 1
        json.dump(doc, open(path, "w"), indent=2)
        r = self.ferry("verify", self.medium, expect=1)
        self.assertIn("M002", r.stdout)

    def test_manifest_naming_a_path_outside_is_refused(self):
        for evil in ("../escape.bin", "/etc/passwd"):
            with open(os.path.join(self.medium, "MIGRATION_MANIFEST.txt"), "a") as f:
                f.write("0" * 64 + "  " + evil + "\n")
            r = self.ferry("verify", self.medium, expect=1)
            self.assertIn("M003", r.stdout)
            r = self.ferry("restore", "--from", self.medium, "--root", self.target, expect=1)
            self.assertEqual(os.listdir(self.target), [])
            self.assertFalse(os.path.exists(os.path.join(self.dir, "escape.bin")))


if __name__ == "__main__":
    unittest.main()
