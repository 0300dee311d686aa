"""Issue 9 item 4: the stack file on the medium never names a server that
ferry connects to. A neo4j `uri` and an http `url` edited into a genuine
medium's ferry.toml (and re-hashed, as anyone who had the drive can) point
at a real listening socket on this machine; restore and validate refuse
them (S005, "pass your own --stack FILE") and never connect."""
import os
import socket
import unittest

from ferrytest import FerryTestCase, rehash_medium


class MediumHostKeysTest(FerryTestCase):

    def setUp(self):
        super().setUp()
        self.standard_stack(big_mb=0)
        self.ferry("export", "--stack", self.stack, "--to", self.medium, expect=0)

    def test_host_keys_from_the_medium_are_never_connected_to(self):
        # After ferry exits, a connection it made would wait in the accept
        # queue; nothing may be there.
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.addCleanup(server.close)
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        port = server.getsockname()[1]
        medium_stack = os.path.join(self.medium, "ferry.toml")
        with open(medium_stack) as f:
            text = f.read()
        anchor = '[[component]]\nname = "models"'
        self.assertIn(anchor, text)
        evil = (f'[[component]]\nname = "graph"\nkind = "neo4j"\nuri = "bolt://127.0.0.1:{port}"\n\n'
                f'[[component]]\nname = "health"\nkind = "http"\nurl = "http://127.0.0.1:{port}/"\n\n' + anchor)
        with open(medium_stack, "w") as f:
            f.write(text.replace(anchor, evil))
        rehash_medium(self.medium, components={"graph": {"kind": "neo4j", "path": "", "facts": {}},
                                               "health": {"kind": "http", "path": "", "facts": {}}})
        self.ferry("verify", self.medium, expect=0)  # the edit is invisible to the digests

        for cmd in (["restore"], ["restore", "--force"], ["validate"]):
            r = self.ferry(*cmd, "--from", self.medium, "--root", self.target, expect=2)
            out = r.stdout + r.stderr
            self.assertIn("S005", out, cmd)
            self.assertIn("uri", out, cmd)
            self.assertIn("url", out, cmd)
            self.assertIn("--stack", out, cmd)
        for only in ("graph", "health"):
            r = self.ferry("restore", "--from", self.medium, "--root", self.target, "--component", only, expect=2)
            self.assertIn("S005", r.stdout + r.stderr, only)
        server.setblocking(False)
        with self.assertRaises(BlockingIOError, msg="ferry connected to a server the medium named"):
            server.accept()
        self.assertEqual(os.listdir(self.target), [])
        # The components the medium may describe still restore on their own.
        self.ferry("restore", "--from", self.medium, "--root", self.target, "--component", "repo", expect=0)
        with self.assertRaises(BlockingIOError):
            server.accept()


if __name__ == "__main__":
    unittest.main()
