"""Issue 9 items 4, 9, 10, 11 and part of 12: the stack file on the medium is
data, not authority; the stack file is validated before anything is
written; secrets stay out of it and out of other components' children.

Media are edited and re-hashed the way anyone who had the drive could (the
digests are unkeyed), so each edit passes verify and reaches restore."""
import os
import shutil
import stat
import unittest

from ferrytest import FerryTestCase, make_files_tree, make_git_repo, rehash_medium, write_stack


class MediumStackTest(FerryTestCase):
    """A genuine export, whose ferry.toml is then edited and re-hashed."""

    def setUp(self):
        super().setUp()
        self.standard_stack(big_mb=1)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.medium_stack = os.path.join(self.medium, "ferry.toml")

    def edit_medium_stack(self, old, new, add=(), components=None):
        text = open(self.medium_stack).read()
        self.assertIn(old, text)
        with open(self.medium_stack, "w") as f:
            f.write(text.replace(old, new))
        rehash_medium(self.medium, add=add, components=components)
        # The edit is invisible to the digests: the medium verifies.
        self.ferry("verify", self.medium, expect=0)

    def output(self, r):
        return r.stdout + r.stderr

    def test_medium_path_with_dotdot_is_refused_even_with_force(self):
        outside = os.path.join(self.dir, "escape")
        os.makedirs(outside)
        with open(os.path.join(outside, "keep.txt"), "w") as f:
            f.write("the user's own file")
        self.edit_medium_stack('path = "models"', 'path = "../escape"')
        for args in ([], ["--force"]):
            r = self.ferry("restore", "--from", self.medium, "--root", self.target, *args, expect=2)
            self.assertIn("S005", self.output(r))
            self.assertIn("../escape", self.output(r))
            self.assertIn("--stack", self.output(r))
        self.assertEqual(os.listdir(outside), ["keep.txt"])
        self.assertEqual(open(os.path.join(outside, "keep.txt")).read(), "the user's own file")
        self.assertEqual(os.listdir(self.target), [])
        r = self.ferry("validate", "--from", self.medium, "--root", self.target, expect=2)
        self.assertIn("S005", self.output(r))

    def test_medium_absolute_path_is_refused_and_other_components_still_restore(self):
        outside = os.path.join(self.dir, "absolute-target")
        os.makedirs(outside)
        with open(os.path.join(outside, "keep.txt"), "w") as f:
            f.write("precious")
        self.edit_medium_stack('path = "models"', f'path = "{outside}"')
        r = self.ferry("restore", "--from", self.medium, "--root", self.target, "--force", expect=2)
        self.assertIn("S005", self.output(r))
        self.assertEqual(os.listdir(outside), ["keep.txt"])
        self.assertEqual(os.listdir(self.target), [])
        # The components the medium may describe restore on their own.
        self.ferry("restore", "--from", self.medium, "--root", self.target, "--component", "repo", expect=0)
        self.assertTrue(os.path.isdir(os.path.join(self.target, "repo", ".git")))
        self.assertEqual(os.listdir(outside), ["keep.txt"])
        # With the user's own stack file, their file decides.
        self.ferry("restore", "--from", self.medium, "--stack", self.stack, "--root", self.target,
                   "--component", "models", expect=0)
        self.assertTrue(os.path.isdir(os.path.join(self.target, "models", "training_data")))
        self.assertEqual(os.listdir(outside), ["keep.txt"])

    def test_program_keys_from_the_medium_never_run(self):
        # A "client" on the medium that would get the local password file's
        # content on fd 3, and leaves a marker when it runs.
        marker = os.path.join(self.dir, "program-ran")
        os.makedirs(os.path.join(self.medium, "db"))
        script = os.path.join(self.medium, "db", "client.sh")
        with open(script, "w") as f:
            f.write(f"#!/bin/sh\ncat /dev/fd/3 > {marker} 2>/dev/null; touch {marker}\nexit 0\n")
        os.chmod(script, 0o755)
        password_file = os.path.join(self.dir, "mysql-password")
        with open(password_file, "w") as f:
            f.write("local-secret\n")
        evil = (f'[[component]]\nname = "db"\nkind = "mysql"\nclient = "{script}"\n'
                f'dump_program = "{script}"\npassword_file = "{password_file}"\n'
                f'socket = "/tmp/elsewhere.sock"\n\n[[component]]\nname = "models"')
        self.edit_medium_stack('[[component]]\nname = "models"', evil, add=["db/client.sh"],
                               components={"db": {"kind": "mysql", "path": "", "facts": {}}})
        for cmd in (["restore"], ["restore", "--force"], ["validate"]):
            r = self.ferry(*cmd, "--from", self.medium, "--root", self.target, expect=2)
            out = self.output(r)
            self.assertIn("S005", out)
            for key in ("client", "dump_program", "password_file", "socket"):
                self.assertIn(key, out)
            self.assertNotIn("local-secret", out)
            self.assertFalse(os.path.exists(marker), f"the medium's program ran during {cmd}")
        self.assertEqual(os.listdir(self.target), [])
        # Another component restores, and the program still never runs.
        self.ferry("restore", "--from", self.medium, "--root", self.target, "--component", "appdb", expect=0)
        self.assertFalse(os.path.exists(marker))
        self.ferry("verify", self.medium, expect=0)
        self.assertFalse(os.path.exists(marker))

    def test_container_on_the_medium_is_withheld(self):
        self.edit_medium_stack('path = "repo"', 'path = "repo"\ncontainer = "someone-elses"')
        r = self.ferry("restore", "--from", self.medium, "--root", self.target, expect=2)
        self.assertIn("S005", self.output(r))
        self.assertIn("container", self.output(r))
        self.assertEqual(os.listdir(self.target), [])


class StackValidationTest(FerryTestCase):
    """Items 9, 10, 12: refused by check and export before anything is written."""

    def setUp(self):
        super().setUp()
        make_files_tree(os.path.join(self.source, "models"), self.rng, files=3, big_mb=0)
        make_git_repo(os.path.join(self.source, "repo"))

    def assert_refused(self, components, code, text, exit_code=2, medium=None):
        medium = medium or self.medium
        write_stack(self.stack, components)
        for cmd in ("check", "export"):
            r = self.ferry(cmd, "--stack", self.stack, "--to", medium, expect=exit_code)
            self.assertIn(code, r.stdout + r.stderr, cmd)
            self.assertIn(text, r.stdout + r.stderr, cmd)
        # Nothing was written.
        self.assertEqual([n for n in os.listdir(medium) if n != "lost+found"], [])
        return r

    def test_medium_inside_a_files_source_is_refused(self):
        usb = os.path.join(self.source, "models", "usb")
        os.makedirs(usb)
        self.assert_refused([{"name": "models", "kind": "files", "path": "models"}], "S007", "inside the source",
                            exit_code=1, medium=usb)

    def test_medium_inside_a_source_through_a_symlink_is_refused(self):
        # The medium's path names no source folder; its real path is inside one.
        os.makedirs(os.path.join(self.source, "models", "usb"))
        link = os.path.join(self.dir, "usb-link")
        os.symlink(os.path.join(self.source, "models"), link)
        self.assert_refused([{"name": "models", "kind": "files", "path": "models"}], "S007", "inside the source",
                            exit_code=1, medium=os.path.join(link, "usb"))

    def test_source_inside_the_medium_is_refused(self):
        data = os.path.join(self.medium, "data")
        os.makedirs(data)
        write_stack(self.stack, [{"name": "data", "kind": "files", "path": data}])
        for cmd in ("check", "export"):
            r = self.ferry(cmd, "--stack", self.stack, "--to", self.medium, expect=1)
            self.assertIn("S007", r.stdout)
        self.assertEqual(os.listdir(self.medium), ["data"])

    def test_files_component_without_path_is_an_error(self):
        self.assert_refused([{"name": "everything", "kind": "files"}], "S001", "needs path")

    def test_reserved_and_colliding_names_are_refused(self):
        for name in ("ferry.toml", "MIGRATION_MANIFEST.txt", "Migration_Manifest.json", "models.part", ".ferry.lock",
                     ".."):
            self.assert_refused([{"name": name, "kind": "files", "path": "models"}], "S001", name)
        self.assert_refused([{"name": "Models", "kind": "files", "path": "models"},
                             {"name": "models", "kind": "git", "path": "repo"}], "S001", "differ only in case")

    def test_same_or_nested_paths_are_refused(self):
        self.assert_refused([{"name": "a", "kind": "files", "path": "models"},
                             {"name": "b", "kind": "files", "path": "models/"}], "S001", "same path")
        self.assert_refused([{"name": "a", "kind": "files", "path": "models"},
                             {"name": "b", "kind": "files", "path": "models/training_data"}], "S001", "is inside")
        self.assert_refused([{"name": "all", "kind": "files", "path": "."},
                             {"name": "repo", "kind": "git", "path": "repo"}], "S001", "is inside")

    def test_numeric_keys_out_of_range_are_refused(self):
        for threads in (-5, 100000000):
            with open(self.stack, "w") as f:
                f.write(f'[stack]\nthreads = {threads}\n[[component]]\nname = "m"\nkind = "files"\npath = "models"\n')
            for cmd in ("check", "export"):
                r = self.ferry(cmd, "--stack", self.stack, "--to", self.medium, expect=2)
                self.assertIn("S001", r.stdout + r.stderr)
                self.assertIn("0..256", r.stdout + r.stderr)
        self.assert_refused([{"name": "db", "kind": "mysql", "threads": 100000000}], "S001", "allowed 1..64")
        self.assert_refused([{"name": "m", "kind": "files", "path": "models", "ports": [0]}], "S001", "1..65535")

    def test_unknown_kind_is_exit_2_in_check_as_in_export(self):
        self.assert_refused([{"name": "q", "kind": "qdrantt", "path": "models"}], "S002", "qdrantt")


class SecretsTest(FerryTestCase):
    """Item 11."""

    def setUp(self):
        super().setUp()
        make_files_tree(os.path.join(self.source, "models"), self.rng, files=3, big_mb=0)

    def test_secret_looking_keys_anywhere_are_refused(self):
        body = '[[component]]\nname = "m"\nkind = "files"\npath = "models"\n'
        for text in ('password = "hunter2"\n' + body,
                     '[stack]\npassword = "hunter2"\n' + body,
                     body + 'Password = "hunter2"\n',
                     body + 'API_TOKEN = "hunter2"\n',
                     '[[component]]\nname = "g"\nkind = "neo4j"\nuri = "bolt://neo4j:hunter2@localhost:7687"\n'):
            with open(self.stack, "w") as f:
                f.write(text)
            for cmd in ("check", "export"):
                r = self.ferry(cmd, "--stack", self.stack, "--to", self.medium, expect=2)
                self.assertIn("S001", r.stdout + r.stderr, text)
                self.assertNotIn("hunter2", r.stdout + r.stderr)
            self.assertEqual(os.listdir(self.medium), [])

    def test_unknown_key_is_reported_with_a_suggestion_and_does_not_block(self):
        os.makedirs(os.path.join(self.source, "models", "__pycache__"))
        with open(self.stack, "w") as f:
            f.write('[stack]\nzstd_levle = 5\n[[component]]\nname = "m"\nkind = "files"\npath = "models"\n'
                    'exlude = ["__pycache__"]\n')
        r = self.ferry("check", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertIn("S006", r.stdout)
        self.assertIn("did you mean 'exclude'", r.stdout)
        self.assertIn("did you mean 'zstd_level'", r.stdout)
        r = self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)
        self.assertIn("did you mean 'exclude'", r.stdout)

    def test_a_child_never_sees_another_components_secret(self):
        # A real child's environment, read from /proc/<pid>/environ: git, run
        # by the repo component, while the graph component's password is in
        # ferry's own environment.
        make_git_repo(os.path.join(self.source, "repo"))
        real_git = shutil.which("git")
        bin_dir = os.path.join(self.dir, "bin")
        os.makedirs(bin_dir)
        dump = os.path.join(self.dir, "git-environ")
        with open(os.path.join(bin_dir, "git"), "w") as f:
            f.write(f'#!/bin/sh\ntr "\\000" "\\n" < /proc/$$/environ >> {dump}\nexec {real_git} "$@"\n')
        os.chmod(os.path.join(bin_dir, "git"), 0o755)
        write_stack(self.stack, [
            {"name": "repo", "kind": "git", "path": "repo"},
            {"name": "graph", "kind": "neo4j", "uri": "bolt://127.0.0.1:1", "password_env": "FERRY_E2E_NEO4J_PW"},
        ])
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        self.env["FERRY_E2E_NEO4J_PW"] = "neo4j-secret-value"
        self.env["FERRY_E2E_PLAIN"] = "visible"
        self.ferry("check", "--stack", self.stack, "--to", self.medium)
        environ = open(dump).read()
        self.assertIn("FERRY_E2E_PLAIN=visible", environ)  # the dump works
        self.assertNotIn("FERRY_E2E_NEO4J_PW", environ)
        self.assertNotIn("neo4j-secret-value", environ)


if __name__ == "__main__":
    unittest.main()
