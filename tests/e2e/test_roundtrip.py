"""Round trips: the example-shaped stack and a hostile tree move through a
medium and come out equal, and the source is never modified."""
import os
import subprocess
import unittest

from ferrytest import FerryTestCase, make_hostile_tree, tree_state, write_stack


class RoundTripTest(FerryTestCase):
    def test_migrate_standard_stack_validates_and_source_untouched(self):
        self.standard_stack()
        before = tree_state(self.source)
        r = self.ferry("migrate", "--stack", self.stack, "--via", self.medium, "--root", self.target, expect=0)
        self.assertIn("all good", r.stdout)
        self.assertEqual(tree_state(self.source), before, "the source changed during migrate")

        # No lock-in: coreutils alone checks the medium.
        self.assertEqual(self.sha256sum_check(self.medium).returncode, 0)
        for name in ("MIGRATION_MANIFEST.txt", "MIGRATION_MANIFEST.json", "ferry.toml"):
            self.assertTrue(os.path.exists(os.path.join(self.medium, name)), name)

        # The files component: equal except what the stack file excludes.
        src = tree_state(os.path.join(self.source, "models"), skip=("__pycache__",))
        dst = tree_state(os.path.join(self.target, "models"))
        self.assertEqual(dst, src)
        # git: same refs and HEAD, origin pointing at the real remote.
        def git(path, *args):
            return subprocess.run(["git", "-C", path, *args], stdout=subprocess.PIPE, text=True, check=True).stdout
        for args in (["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags"],
                     ["rev-parse", "HEAD"], ["symbolic-ref", "HEAD"], ["remote", "get-url", "origin"]):
            self.assertEqual(git(os.path.join(self.target, "repo"), *args),
                             git(os.path.join(self.source, "repo"), *args), args)
        self.assertEqual(git(os.path.join(self.target, "repo"), "status", "--porcelain"), "")

        # validate again on its own, from the medium's stack copy.
        self.ferry("validate", "--from", self.medium, "--root", self.target, expect=0)

    def test_hostile_tree_round_trip(self):
        make_hostile_tree(os.path.join(self.source, "tree"), self.rng)
        write_stack(self.stack, [{"name": "tree", "kind": "files", "path": "tree"}])
        before = tree_state(self.source)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertEqual(tree_state(self.source), before)
        self.ferry("verify", self.medium, expect=0)
        self.ferry("restore", "--from", self.medium, "--root", self.target, expect=0)
        self.ferry("validate", "--from", self.medium, "--root", self.target, expect=0)
        src = tree_state(os.path.join(self.source, "tree"))
        dst = tree_state(os.path.join(self.target, "tree"))
        self.assertEqual(dst, src)
        # Holes stay holes: the restored sparse file does not take 32 MiB.
        st = os.stat(os.path.join(self.target, "tree", "sparse.img"))
        self.assertLess(st.st_blocks * 512, 4 << 20)
        # Hard links stay linked.
        a = os.stat(os.path.join(self.target, "tree", "plain.txt"))
        b = os.stat(os.path.join(self.target, "tree", "hardlink-to-plain"))
        self.assertEqual(a.st_ino, b.st_ino)

    def test_export_twice_gives_identical_payloads(self):
        self.standard_stack(big_mb=1)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        first = open(os.path.join(self.medium, "models", "files.tar.zst"), "rb").read()
        other = os.path.join(self.dir, "medium2")
        os.makedirs(other)
        self.ferry("export", "--stack", self.stack, "--to", other, expect=0)
        self.assertEqual(open(os.path.join(other, "models", "files.tar.zst"), "rb").read(), first)


if __name__ == "__main__":
    unittest.main()
