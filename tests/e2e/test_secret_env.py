"""Issue 9 item 11 / DESIGN promise 8: a child process gets only its own
component's secret. Reported: the mysql client inherited the neo4j
component's password from ferry's environment. Here the real MariaDB client
runs (through a wrapper first on PATH that records its own
/proc/<pid>/environ and then execs the real one) while the neo4j
component's password variable is set in ferry's environment."""
import os
import shutil
import unittest

from ferrytest import FerryTestCase, write_stack


@unittest.skipUnless(shutil.which("mariadb") or shutil.which("mysql"), "needs the MariaDB/MySQL client")
class ChildSecretEnvironmentTest(FerryTestCase):

    def test_mysql_client_never_sees_the_neo4j_password(self):
        program = "mariadb" if shutil.which("mariadb") else "mysql"
        real = shutil.which(program)
        bin_dir = os.path.join(self.dir, "bin")
        os.makedirs(bin_dir)
        dump = os.path.join(self.dir, "client-environ")
        with open(os.path.join(bin_dir, program), "w") as f:
            f.write(f'#!/bin/sh\n{{ tr "\\000" "\\n" < /proc/$$/environ; echo "--- end"; }} >> {dump}\n'
                    f'exec {real} "$@"\n')
        os.chmod(os.path.join(bin_dir, program), 0o755)
        write_stack(self.stack, [
            # No server answers at this socket: the client still runs, and fails.
            {"name": "db", "kind": "mysql", "socket": os.path.join(self.dir, "no-server.sock"),
             "password_env": "FERRY_E2E_MYSQL_PW"},
            {"name": "graph", "kind": "neo4j", "uri": "bolt://127.0.0.1:1", "password_env": "FERRY_E2E_NEO4J_PW"},
        ])
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        self.env["FERRY_E2E_MYSQL_PW"] = "mysql-secret-value"
        self.env["FERRY_E2E_NEO4J_PW"] = "neo4j-secret-value"
        self.env["FERRY_E2E_PLAIN"] = "visible"
        self.ferry("check", "--stack", self.stack, "--to", self.medium)
        self.assertTrue(os.path.exists(dump), "the mysql client never ran")
        with open(dump) as f:
            environ = f.read()
        self.assertIn("FERRY_E2E_PLAIN=visible", environ)  # the dump works
        self.assertNotIn("FERRY_E2E_NEO4J_PW", environ)
        self.assertNotIn("neo4j-secret-value", environ)
        # Its own password reaches it on a descriptor, never in its environment.
        self.assertNotIn("mysql-secret-value", environ)


if __name__ == "__main__":
    unittest.main()
