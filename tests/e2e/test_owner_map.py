"""Issue 9 item 13: `[target] map_owner` in the stack file, beside the
`--map-owner` flag. Owners are mapped only when ferry restores as root, so
these tests need root. The source files belong to an owner that has an
account here (nobody, 65534), so without a map restore keeps it and any
change of owner is the map's doing.

The medium's copy of the stack file never maps owners: a medium edited to
map every owner to root (and re-hashed, as anyone who had the drive can)
restores with the owners kept, and says that it ignored the map."""
import os
import pwd
import unittest

from ferrytest import FerryTestCase, rehash_medium, write_stack

SOURCE_UID = 65534


def has_account(uid):
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


@unittest.skipUnless(os.geteuid() == 0, "owners are mapped only when ferry restores as root")
@unittest.skipUnless(has_account(SOURCE_UID), "needs an account with uid 65534 (nobody)")
class OwnerMapTest(FerryTestCase):

    def setUp(self):
        super().setUp()
        models = os.path.join(self.source, "models")
        os.makedirs(os.path.join(models, "sub"))
        for name in ("weights.bin", "sub/config.json"):
            with open(os.path.join(models, name), "w") as f:
                f.write(name)
        for dirpath, dirs, files in os.walk(models):
            for n in [dirpath] + [os.path.join(dirpath, f) for f in files]:
                os.chown(n, SOURCE_UID, SOURCE_UID)
        self.components = [{"name": "models", "kind": "files", "path": "models"}]

    def write_stack_with_target(self, path, map_owner):
        write_stack(path, self.components)
        with open(path, "a") as f:
            f.write("\n[target]\nmap_owner = [" + ", ".join(f'"{p}"' for p in map_owner) + "]\n")

    def owners(self, root):
        """uid of every entry of the restored models folder."""
        folder = os.path.join(root, "models")
        found = {}
        for dirpath, dirs, files in os.walk(folder):
            for n in [dirpath] + [os.path.join(dirpath, f) for f in files]:
                found[os.path.relpath(n, folder)] = os.lstat(n).st_uid
        self.assertEqual(len(found), 4, found)  # the folder, sub/ and two files
        return set(found.values())

    def test_stack_file_map_owner_maps_and_the_flag_wins_for_the_same_uid(self):
        self.write_stack_with_target(self.stack, [f"{SOURCE_UID}:4242"])
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)

        by_file = os.path.join(self.dir, "by-file")
        os.makedirs(by_file)
        r = self.ferry("restore", "--from", self.medium, "--stack", self.stack, "--root", by_file, expect=0)
        self.assertEqual(self.owners(by_file), {4242})
        self.assertIn(f"owner uid {SOURCE_UID} -> 4242 (4 entries)", r.stdout + r.stderr)

        by_flag = os.path.join(self.dir, "by-flag")
        os.makedirs(by_flag)
        self.ferry("restore", "--from", self.medium, "--stack", self.stack, "--root", by_flag,
                   "--map-owner", f"{SOURCE_UID}:4343", expect=0)
        self.assertEqual(self.owners(by_flag), {4343})

    def test_bad_map_owner_in_the_stack_file_is_s001_before_anything_is_written(self):
        self.write_stack_with_target(self.stack, [f"{SOURCE_UID}:4294967295"])
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=2)
        self.assertIn("S001", r.stdout + r.stderr)
        self.assertIn("map_owner", r.stdout + r.stderr)
        self.assertEqual(os.listdir(self.medium), [])

    def test_map_owner_from_the_medium_is_never_honoured(self):
        write_stack(self.stack, self.components)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        # A hostile edit: every file of the source owner to root.
        with open(os.path.join(self.medium, "ferry.toml"), "a") as f:
            f.write(f'\n[target]\nmap_owner = ["{SOURCE_UID}:0"]\n')
        rehash_medium(self.medium)
        self.ferry("verify", self.medium, expect=0)  # the edit is invisible to the unkeyed digests

        r = self.ferry("restore", "--from", self.medium, "--root", self.target, expect=0)
        self.assertEqual(self.owners(self.target), {SOURCE_UID})
        out = r.stdout + r.stderr
        self.assertIn("[target] map_owner", out)
        self.assertIn("not used", out)

        # The user's own map still applies on top of the medium's stack file.
        mine = os.path.join(self.dir, "mine")
        os.makedirs(mine)
        self.ferry("restore", "--from", self.medium, "--root", mine, "--map-owner", f"{SOURCE_UID}:4242", expect=0)
        self.assertEqual(self.owners(mine), {4242})


if __name__ == "__main__":
    unittest.main()
