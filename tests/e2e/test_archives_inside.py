"""Archives inside a files component (issue 14 §1, seed Phase 1 #2, FS002), through the binary.

The seed's model folder holds NER11_Gold_Model.tar.gz; check reads it to its
end and names it when it is damaged, and migrate stops at its check gate.
"""
import os
import unittest

from ferrytest import FerryTestCase, run, write_stack


class ArchivesInsideTest(FerryTestCase):
    def make_model_folder(self):
        model = os.path.join(self.source, "5_NER11_Gold_Model")
        packed = os.path.join(self.dir, "packed", "models")
        os.makedirs(packed)
        with open(os.path.join(packed, "model.txt"), "w") as f:
            for i in range(40000):
                f.write(f"token {i} tag {i % 11}\n")
        os.makedirs(model)
        self.archive = os.path.join(model, "NER11_Gold_Model.tar.gz")
        run(["tar", "-czf", self.archive, "-C", os.path.dirname(packed), "models"])
        write_stack(self.stack, [{"name": "ner", "kind": "files", "path": "5_NER11_Gold_Model"}])

    def test_intact_archive_passes_check(self):
        self.make_model_folder()
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertIn("archives read intact: NER11_Gold_Model.tar.gz", r.stdout)

    def test_truncated_archive_is_fs002_and_migrate_stops_at_check(self):
        self.make_model_folder()
        size = os.path.getsize(self.archive)
        os.truncate(self.archive, size // 2)
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=1)
        self.assertIn("FS002", r.stdout)
        self.assertIn("NER11_Gold_Model.tar.gz", r.stdout)
        r = self.ferry("migrate", "--stack", self.stack, "--via", self.medium, "--root", self.target, expect=1)
        self.assertIn("FS002", r.stdout)
        self.assertEqual(os.listdir(self.medium), [])


if __name__ == "__main__":
    unittest.main()
