// The error catalog's table: every code ferry can print, with its severity,
// the pattern it stands for, the likely cause, the resolution, how it is
// detected, and what a run that fails with it means for the exit code.
//
// In a header, as constexpr data, so that Code (diag/code.h) can check at
// compile time that every code the sources name is one of these.
//
// The seed runbook's Error Code Reference (G001-G005, D001-D006, DB001-DB005,
// FS001-FS005, N001-N004, P001-P003, R001-R003) is carried over with its
// severities and resolutions; ferry adds families of its own in the same
// format: M (medium and manifest), S (stack file), T (restore target),
// V (validation), X (external commands and usage), I (interruption).
#pragma once

#include "diag/catalog.h"

namespace ferry {
namespace catalog_detail {
using S = Severity;
using O = Outcome;

// Seed codes keep the runbook's severity, pattern and resolution; the cause
// and detection columns are ferry's, from the runbook's diagnosis steps.
// Outcome: a phase that cannot finish because of a kProblemFound code found a
// problem with the data, the medium or the target (exit 1); kCannotRun means
// ferry could not do its work at all (usage, stack file, programs, servers:
// exit 2); kInterrupted is exit 130.
inline constexpr CatalogEntry kTable[] = {
    // Git (seed G001-G005)
    {"G001", S::kCritical, "Uncommitted files block migration",
     "The working tree has changes a git bundle would not carry.",
     "Commit and push them: git add . && git commit && git push. Then run ferry check again.",
     "git status --porcelain, counted (expected 0).", O::kCannotRun},
    {"G002", S::kHigh, "Remote not configured",
     "The repository has no remote, so the restored clone cannot be pushed or pulled.",
     "git remote add origin <url>", "git remote (expected at least one).", O::kCannotRun},
    {"G003", S::kMedium, "Branch not tracking remote",
     "The current branch has no upstream; after the move nobody knows where it pushes.",
     "git branch --set-upstream-to=origin/<branch>", "git rev-parse --abbrev-ref @{upstream}.",
     O::kCannotRun},
    {"G004", S::kCritical, "Bundle verification fails",
     "The git bundle on the medium is damaged or incomplete.",
     "Recreate from clean repository: run ferry export again (it rewrites the bundle).",
     "git bundle verify <bundle>.", O::kCannotRun},
    {"G005", S::kHigh, "Clone fails on macOS",
     "git clone of the bundle failed on the target (permissions, disk, git missing).",
     "Check SSH keys or use HTTPS; check that git is installed and the target is writable.",
     "git clone <bundle> <target> exit status.", O::kCannotRun},
    // Docker (seed D001-D006)
    {"D001", S::kCritical, "Container won't start",
     "The container is exited, restarting or unhealthy.",
     "Check logs, verify volumes: docker logs <name> | tail -20; docker restart <name>.",
     "Container state and health from the engine API, with the last error lines of its log.",
     O::kCannotRun},
    {"D002", S::kCritical, "Neo4j dump/restore fails",
     "neo4j-admin could not dump or load (database in use, disk full, store version).",
     "Stop container, retry backup: stop the database, check free space (>1GB), run again.",
     "neo4j-admin exit status and its message.", O::kCannotRun},
    {"D003", S::kHigh, "MySQL import errors",
     "The SQL import failed (syntax, foreign key order, existing database).",
     "Check foreign key constraints; ferry imports with checks deferred. Retry the restore.",
     "Client exit status and stderr.", O::kCannotRun},
    {"D004", S::kHigh, "Volume creation fails", "The engine refused to create or mount a volume.",
     "Check Docker permissions and free space of the engine's storage.", "Engine API error.",
     O::kCannotRun},
    {"D005", S::kMedium, "Port conflicts",
     "A port the stack publishes is taken by another process.",
     "Kill process on port (lsof -i :<port>), or change the published port.",
     "Bind test on the port; holder from the OS.", O::kCannotRun},
    {"D006", S::kMedium, "Network creation fails",
     "A container network with that name or subnet exists.",
     "Delete existing, recreate: docker network rm <name>.", "Engine API error.", O::kCannotRun},
    {"D007", S::kCritical, "Volume reset failed",
     "ferry reset-volume could not copy, empty or refill a volume: the helper container (the "
     "component's own image, needing sh, tar and find) failed, or the engine refused a step.",
     "Read the helper's message. If nothing was emptied the container was started again; otherwise "
     "ferry rollback puts the verified copy from .ferry-rollback back into the volume.",
     "Exit status and stderr of tar/find in the helper container; engine API errors.",
     O::kCannotRun},
    // Database (seed DB001-DB005)
    {"DB001", S::kCritical, "Neo4j node count mismatch",
     "The restored graph differs from the exported one (empty, partial or corrupted load).",
     "Restore from backup: ferry restore --force from the verified medium, then ferry validate.",
     "MATCH (n) RETURN count(n) against the count recorded at export; then per label and type.",
     O::kCannotRun},
    {"DB002", S::kCritical, "MySQL schema missing",
     "A database, table, view, trigger or routine recorded at export is missing on the target.",
     "Re-import from backup: ferry restore --force, then ferry validate.",
     "information_schema compared with the facts in MIGRATION_MANIFEST.json.", O::kCannotRun},
    {"DB003", S::kHigh, "Cypher query timeout", "The database did not answer a query in time.",
     "Restart Neo4j, check resources (memory, CPU), then retry.", "Query deadline exceeded.",
     O::kCannotRun},
    {"DB004", S::kMedium, "Foreign key violations",
     "Rows reference rows that do not exist, or were imported in the wrong order.",
     "Import in correct order; ferry defers foreign key checks during import and checks after.",
     "Foreign key check after import.", O::kCannotRun},
    {"DB005", S::kLow, "Qdrant collection missing",
     "A vector collection recorded at export is absent.",
     "Regenerate from Neo4j, or restore the collection snapshot from the medium.",
     "Collection list compared with the manifest.", O::kCannotRun},
    {"DB006", S::kHigh, "Cypher query failed",
     "Neo4j rejected a query ferry sent (syntax, constraint, missing database, server error).",
     "Read Neo4j's own code and message shown with this error; check the server's debug.log.",
     "Bolt FAILURE with Neo4j's status code.", O::kCannotRun},
    // MySQL/MariaDB (ferry; numbered from 11 to stay clear of the seed's family)
    {"DB011", S::kCritical, "MySQL dump incomplete",
     "The dump program exited with an error, was killed, or its output lacks the '-- Dump "
     "completed' trailer (seed: MySQL Dump Incomplete).",
     "Read the dump's stderr quoted in the message; check the server is up and the disk has "
     "room, then run ferry export again (finished databases are kept).",
     "Dump exit status and the trailer line at the end of its output.", O::kCannotRun},
    {"DB012", S::kCritical, "MySQL table differs from the export",
     "A table's row count, content digest or CHECKSUM TABLE, or a database's charset, differs "
     "between the target and the facts recorded at export.",
     "Re-import from backup: ferry restore --force, then ferry validate.",
     "SELECT COUNT(*), a row-hash digest and CHECKSUM TABLE compared with MIGRATION_MANIFEST.json.",
     O::kCannotRun},
    {"DB013", S::kHigh, "MySQL privileges missing for a dump",
     "The user lacks a privilege a consistent dump needs (SELECT, SHOW VIEW, TRIGGER, EVENT).",
     "GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON <db>.* TO <user>; or use an admin account.",
     "The user's grants in information_schema.", O::kCannotRun},
    {"DB014", S::kCritical, "MySQL source changed during the export",
     "A database's row counts, digests or objects differ between just before and just after its "
     "dump: something writes to it, so no recorded facts can prove the dump complete.",
     "Stop what writes to the database (the seed: stop the API server and its workers), then run "
     "ferry export again; databases already exported are kept.",
     "The database's facts (counts, digests, CHECKSUM TABLE, objects) read before and after the "
     "dump.",
     O::kCannotRun},
    {"DB015", S::kCritical, "Source database damaged",
     "A consistent copy of the source database fails its own integrity check: the source is "
     "corrupt on this machine, so exporting it would carry the damage to the target.",
     "Repair the source first (sqlite3 SOURCE '.recover' | sqlite3 REPAIRED, or restore it from "
     "its own backup), point the stack file at the repaired file, then run ferry export again.",
     "PRAGMA integrity_check of the online-backup copy, before anything is written to the medium.",
     O::kCannotRun},
    // File system (seed FS001-FS005)
    {"FS001", S::kCritical, "USB write permission denied",
     "The medium is mounted read-only or the user may not write it.",
     "Check mount options: mount | grep <medium> should show rw; remount with uid/gid of the user.",
     "A probe file created, synced and removed on the medium.", O::kProblemFound},
    {"FS002", S::kCritical, "Archive corruption",
     "An archive cannot be read to its end (truncated, damaged compression or tar stream).",
     "Re-create archive: run ferry export again; the source is untouched.",
     "Full read of the archive through zstd and tar.", O::kProblemFound},
    {"FS003", S::kCritical, "Checksum mismatch",
     "What the medium holds differs from what was written (unstable USB, bad sector, edited file).",
     "Re-copy files to USB: sync, reseat the drive, run ferry export again (it redoes only the "
     "damaged payloads), then ferry verify.",
     "SHA-256 of the file read back from the device compared with the manifest.", O::kProblemFound},
    {"FS004", S::kMedium, "USB unmount fails", "A process still holds files on the medium.",
     "sudo umount -f <medium> after closing what holds it (lsof +D <medium>).", "umount status.",
     O::kProblemFound},
    {"FS005", S::kCritical, "Insufficient disk space",
     "The medium (or target) has less free space than the export needs, or filled up.",
     "Use larger drive, or exclude regenerable files from the stack file; then run again "
     "(verified payloads are kept).",
     "Free space compared with the estimated size plus a margin; ENOSPC while writing.",
     O::kProblemFound},
    {"FS012", S::kCritical, "Medium drive not mounted",
     "The medium folder lies at a drive's mount location (/mnt, /media, /run/media, /Volumes) but "
     "no drive is mounted there: it is a folder of the system disk, so writing there fills the "
     "system disk instead of the drive.",
     "The drive is not mounted; writing here fills the system disk. Mount it (e.g. sudo mount "
     "/dev/sdX1 /mnt/e, or plug it in on a Mac), or pass --medium-is-folder to use a plain folder.",
     "The medium path's filesystem (st_dev) compared with its mount location's and the system "
     "root's, before anything is written.",
     O::kProblemFound},
    {"FS011", S::kCritical, "Cannot read the source",
     "Reading a file of the stack's source on this machine failed (a disk or file system error, "
     "a permission, a file removed while it was read); the medium is not at fault.",
     "Read the OS's reason and the path in the message; check the source disk (dmesg, fsck) or the "
     "file's permissions, then run ferry export again (it redoes only what is not verified).",
     "errno of the failed open or read of a source file.", O::kProblemFound},
    // Network (seed N001-N004)
    {"N001", S::kHigh, "Port already in use",
     "Another process listens on the port the stack needs.",
     "Kill conflicting process, or move the service to another port.", "Bind test on the port.",
     O::kCannotRun},
    {"N002", S::kMedium, "Docker network conflict", "Two networks claim the same name or subnet.",
     "Delete and recreate the network.", "Engine API network list.", O::kCannotRun},
    {"N003", S::kHigh, "API not accessible", "The API server does not answer on its port.",
     "Check firewall, port, and the server's logs; restart it.", "HTTP GET of the health URL.",
     O::kCannotRun},
    {"N004", S::kCritical, "Neo4j connection timeout",
     "The database server does not accept connections (stopped, starting, wrong address).",
     "Verify container running, then the address and credentials in the stack file.",
     "Connect with a deadline.", O::kCannotRun},
    {"N005", S::kCritical, "Neo4j authentication failed",
     "Neo4j refused the user name or password (or rate-limits after repeated failures).",
     "Check the user and password_env / password_file in the stack file; try cypher-shell -u "
     "<user>.",
     "Bolt HELLO/LOGON answered Neo.ClientError.Security.*.", O::kCannotRun},
    {"N011", S::kCritical, "MySQL connection fails",
     "The MySQL/MariaDB server cannot be reached, or refuses the user or password.",
     "Check the server is running, then host/port/socket, user and password_env/password_file in "
     "the stack file; the server's own message is quoted.",
     "A client connection with the stack file's settings.", O::kCannotRun},
    // Permission (seed P001-P003)
    {"P001", S::kHigh, "Docker volume ownership", "Files in a volume belong to another user.",
     "sudo chown -R $USER:$USER <path>", "Permission denied while reading or writing a volume.",
     O::kCannotRun},
    {"P002", S::kMedium, "venv permission denied", "The Python environment cannot be written.",
     "Use --user flag, or recreate the venv in a writable folder.", "pip/venv exit status.",
     O::kCannotRun},
    {"P003", S::kCritical, "USB write permission",
     "The medium's file system refuses writes for this user.",
     "Re-mount with correct permissions (uid/gid of the user).", "EACCES/EPERM while writing.",
     O::kProblemFound},
    // Resource (seed R001-R003)
    {"R001", S::kHigh, "Insufficient RAM", "Available memory is below what the migration needs.",
     "Close applications, then run again.", "MemAvailable compared with the minimum.",
     O::kCannotRun},
    {"R002", S::kCritical, "Disk space exhausted",
     "The local disk (staging, target) is nearly full, or filled up while restoring.",
     "Clean temporary files, or pick a staging/target folder (--root) on a larger disk; then run "
     "the restore again (nothing half-restored was left in place).",
     "Free space of the target's file system compared with the payload's recorded unpacked size "
     "before anything is written; ENOSPC/EDQUOT while writing.",
     O::kCannotRun},
    {"R003", S::kLow, "CPU throttling", "The machine is slower than expected.",
     "Reduce concurrent operations (--threads).", "Load average.", O::kCannotRun},
    {"R004", S::kInfo, "Free space of a server's storage not checked",
     "The restore writes into a database server's own storage, whose free space ferry cannot learn "
     "(a server on another machine, a container without df, or a kind whose protocol does not "
     "tell); "
     "the restore goes on without the check.",
     "Check the free space of the server's data directory yourself (df on the machine or in the "
     "container that holds it) against the size the message names.",
     "mysql: SELECT @@datadir, then the file system's free space on this machine for a local "
     "server "
     "or df -Pk in the component's container; neo4j: not asked (Bolt does not tell free space).",
     O::kCannotRun},
    // Medium and manifest (ferry)
    {"M001", S::kCritical, "Export did not finish: manifest missing",
     "MIGRATION_MANIFEST.txt or .json is absent: the export was interrupted (seed Scenario 4).",
     "Run ferry export again with the same stack file and medium; it resumes from what is "
     "verified.",
     "Presence of both manifests.", O::kProblemFound},
    {"M002", S::kCritical, "Manifest damaged or edited",
     "A manifest cannot be parsed, or the text and JSON manifests disagree.",
     "Run ferry export again to rewrite the manifest from verified payloads.",
     "Parse both manifests and compare their digests and entries.", O::kProblemFound},
    {"M003", S::kCritical, "Unsafe path in manifest or archive",
     "An entry names an absolute path, '..', or a link that would lead outside the target.",
     "Do not restore from this medium; recreate it with ferry export from the source.",
     "Every path is checked before anything is written.", O::kProblemFound},
    {"M004", S::kHigh, "Medium is locked by another ferry run",
     "Another ferry process writes this medium, or one on another host left its lock.",
     "Wait for the other run; if it is provably gone, run again with --break-lock.",
     "The lock file .ferry.lock names host, pid and start time.", O::kProblemFound},
    {"M005", S::kCritical, "Payload missing", "A file named in the manifest is not on the medium.",
     "Copy it again: ferry export (source side) or ferry pull (from another copy).",
     "Listing of the medium compared with the manifest.", O::kProblemFound},
    {"M006", S::kCritical, "Payload size mismatch", "A payload's size differs from the manifest.",
     "The file is truncated or grew: export or pull it again.", "Size from the device.",
     O::kProblemFound},
    {"M007", S::kInfo, "Extra file on the medium",
     "A file is on the medium that the manifest does not name (macOS Finder writes .DS_Store, ._* "
     "and .Spotlight-V100/.fseventsd/.Trashes on every drive it opens; Windows writes System "
     "Volume Information).",
     "Nothing to do: only the files the manifest lists decide verify and restore, and an unlisted "
     "file is never read. Remove it if it is not yours.",
     "Listing compared with the manifest.", O::kProblemFound},
    {"M008", S::kLow, "Leftover partial file", "A *.part file from an interrupted write remains.",
     "Run the interrupted command again; it is never counted as done.", "*.part files found.",
     O::kProblemFound},
    {"M009", S::kCritical, "Manifest format version unknown",
     "MIGRATION_MANIFEST.json has a format_version this ferry does not read: the medium was "
     "written "
     "by a newer (or much older) ferry, or the field was edited.",
     "Run the ferry version that wrote the medium (its tool_version is in the JSON manifest), or "
     "export again with this one. The payloads can still be checked by hand: sha256sum -c --strict "
     "MIGRATION_MANIFEST.txt.",
     "format_version of the JSON manifest compared with the one this build knows.",
     O::kProblemFound},
    {"M010", S::kCritical, "Special file on the medium",
     "A file ferry reads from the medium is a symlink, FIFO, device, socket or directory instead "
     "of "
     "a regular file: the medium was edited, swapped or damaged. Reading it could hang, never end "
     "or read another file.",
     "Do not use this medium as it is: replace the named entry with the regular file that was "
     "exported (ferry export again, or ferry pull from a good copy).",
     "open with O_NOFOLLOW|O_NONBLOCK and fstat of the descriptor before any read.",
     O::kProblemFound},
    // Stack file (ferry)
    {"S001", S::kCritical, "Stack file unreadable or invalid",
     "The TOML cannot be read or lacks a key.",
     "Fix the line named in the message; see docs/stack-file.md.", "TOML parse and schema check.",
     O::kCannotRun},
    {"S002", S::kCritical, "Unknown component kind",
     "A [[component]] names a kind ferry does not know.",
     "Use one of: files, git, sqlite, mysql, neo4j, http.", "Kind lookup.", O::kCannotRun},
    {"S003", S::kCritical, "Component source missing", "A component's path does not exist.",
     "Fix the path in the stack file (relative to its folder or --root).", "stat of the path.",
     O::kCannotRun},
    {"S004", S::kCritical, "Secret not available",
     "password_env names an unset variable, or password_file cannot be read.",
     "Export the variable or fix the file; secrets never go in the stack file itself.",
     "Environment and file lookup.", O::kCannotRun},
    {"S005", S::kCritical, "The medium's stack file may not decide this",
     "With no --stack, restore and validate read the stack file saved on the medium, which anyone "
     "who had "
     "the drive can edit and re-hash. A component there names a path outside --root (absolute, or "
     "with "
     "\"..\") or a key that selects a program, a host, a port, a container or a secret (client, "
     "dump_program, engine, host, port, socket, user, uri, url, container, password_env, "
     "password_file, ...).",
     "Pass your own --stack FILE that names those keys for this machine; its paths are taken under "
     "--root "
     "(or its folder). Or restore only the other components with --component NAME. See "
     "docs/stack-file.md, "
     "\"What the medium may not decide\".",
     "Every key of the medium's stack file against its kind's key table; paths against --root.",
     O::kCannotRun},
    {"S006", S::kInfo, "Unknown key in the stack file",
     "A key that neither its table nor its component's kind declares, usually a typo (exlude for "
     "exclude); "
     "ferry ignores it, so what it meant to say has no effect.",
     "Fix the spelling (the message names the closest known key) or remove the key; the keys of "
     "each kind "
     "are in docs/stack-file.md.",
     "Every key of the stack file against the key tables of [stack] and of each kind.",
     O::kCannotRun},
    {"S007", S::kCritical, "Medium inside a component's source",
     "The medium folder lies inside a component's source (it would be archived into itself, with "
     "its lock "
     "and half-written payloads), or a source lies inside the medium.",
     "Export to a folder outside every component's path (the USB drive's mount point), and keep no "
     "source "
     "on the medium.",
     "Real paths (symlinks resolved) of the medium and of every component's path compared.",
     O::kCannotRun},
    // Restore target (ferry)
    {"T001", S::kHigh, "Target is not empty", "Restoring would overwrite existing data.",
     "Run again with --force: ferry keeps a rollback copy of what is there first.",
     "Target listing before restore.", O::kCannotRun},
    {"T002", S::kHigh, "Nothing to roll back", "No rollback record exists for this target.",
     "Nothing was replaced by a restore, so there is nothing to undo.", "Rollback records.",
     O::kCannotRun},
    {"T004", S::kHigh, "Volume reset not confirmed",
     "reset-volume deletes a volume's contents and runs only when asked to explicitly.",
     "Check the plan it printed, then run it again with --yes-delete-volume-contents (a verified "
     "rollback copy of the volume is kept first; ferry rollback undoes the reset).",
     "Command line flag.", O::kCannotRun},
    {"T005", S::kCritical, "No verified export to reset from",
     "The medium holds no export of the component that verifies now, so emptying its volume could "
     "destroy the only copy of the data (the seed's docker volume rm in Scenario 3).",
     "ferry export the component (or ferry pull a good copy), ferry verify, then reset the volume.",
     "Manifest entries of the component hashed from the device, and its payload checks.",
     O::kCannotRun},
    {"T006", S::kCritical, "Cannot write the restore target",
     "Writing a file on this machine's target (or its staging folder) failed: an I/O error, a "
     "file larger than the file system allows, a name too long for it, no permission.",
     "Read the OS error quoted in the message; pick a --root on a file system that can hold the "
     "files (not FAT32 for files over 4 GiB) and that this user can write. Nothing half-written "
     "was left in place: the target is as it was.",
     "The errno of the failing write, create or rename on the target.", O::kCannotRun},
    {"T003", S::kCritical, "Restore failed", "A component could not be restored into the target.",
     "Read the cause above; the previous content is kept in the rollback copy (ferry rollback).",
     "Component restore status.", O::kCannotRun},
    // Validation (ferry)
    {"V001", S::kCritical, "Restored files differ from the export",
     "File count, bytes or the tree digest of the target differ from the manifest facts.",
     "ferry restore --force from the verified medium, then ferry validate.",
     "Tree digest over paths, modes, contents and link targets.", O::kCannotRun},
    {"V002", S::kCritical, "Restored repository differs",
     "Refs or HEAD of the restored repository differ from the export.",
     "ferry restore --force, then ferry validate.", "git for-each-ref compared with the manifest.",
     O::kCannotRun},
    {"V003", S::kCritical, "Restored database differs or is damaged",
     "integrity_check fails, or a table's row count differs from the export.",
     "ferry restore --force, then ferry validate.", "PRAGMA integrity_check and row counts.",
     O::kCannotRun},
    // External commands, usage, interruption (ferry)
    {"X001", S::kCritical, "Required program not found",
     "A tool ferry runs (git, a dump client) is missing.",
     "Install it (the message names it) and run again.", "PATH lookup.", O::kCannotRun},
    {"X002", S::kHigh, "External command failed", "A program ferry ran exited with an error.",
     "Read its stderr quoted in the message.", "Exit status and stderr.", O::kCannotRun},
    {"X003", S::kHigh, "Invalid usage", "The command line is incomplete or contradictory.",
     "See ferry --help and ferry <command> --help.", "Argument parsing.", O::kCannotRun},
    {"X004", S::kHigh, "Internal error", "ferry met a state it did not expect.",
     "Please report it with the --json output of the failing command.", "Assertion.",
     O::kCannotRun},
    {"X005", S::kHigh, "Unclassified system error",
     "An operating system call failed where ferry does not yet say what the file, socket or "
     "process was for, so it cannot name the cause.",
     "Read the OS's reason and the path in the message; please report it (with the --json "
     "output) so that ferry names this case with its own code and fix.",
     "errno of the failed call.", O::kCannotRun},
    {"I001", S::kHigh, "Interrupted", "The run was interrupted (signal).",
     "Run the same command again: it resumes from what is verified.", "Signal received.",
     O::kInterrupted},
};
}  // namespace catalog_detail

inline constexpr std::span<const CatalogEntry> kCatalogTable = catalog_detail::kTable;

}  // namespace ferry
