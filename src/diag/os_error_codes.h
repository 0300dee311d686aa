// Which catalog code an OS error stands for depends on where it happened:
// ENOSPC on the medium is FS005 ("use a larger drive"), on the restore
// target R002 ("free space on this machine"); EIO on the medium is FS003
// ("reseat the drive"), on a local target T006. The platform layer only
// reports the errno; the layer that knows what it was writing picks one of
// these.
#pragma once

#include <string>

#include "diag/code.h"

namespace ferry {

// Writing the transfer medium: ENOSPC/EDQUOT FS005, EROFS FS001,
// EACCES/EPERM P003, anything else FS003.
Code MediumWriteCode(int err);

// Reading the transfer medium: ENOENT M005 (missing), ELOOP M010 (a
// symlink), EACCES/EPERM P003, anything else FS003 (reseat, re-copy).
Code MediumReadCode(int err);

// Writing a local restore target or staging folder on this machine:
// ENOSPC/EDQUOT R002, anything else T006 (the message quotes the errno).
Code TargetWriteCode(int err);

// Reading the stack's source on this machine during export or check: FS011
// whatever the errno (the message quotes it); never FS003, which blames the
// medium.
Code SourceReadCode(int err);

// A short reason a person can act on, for the errnos a write can meet
// ("the file system is full", "the file is larger than this file system
// allows (FAT32 stops at 4 GiB)"); empty for others.
std::string WriteErrorHint(int err);

}  // namespace ferry
