#include "diag/os_error_codes.h"

#include <cerrno>

namespace ferry {

Code MediumWriteCode(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT:
      return "FS005";
    case EROFS:
      return "FS001";
    case EACCES:
    case EPERM:
      return "P003";
    default:
      return "FS003";
  }
}

Code MediumReadCode(int err) {
  switch (err) {
    case ENOENT:
      return "M005";
    case ELOOP:  // O_NOFOLLOW met a symlink
      return "M010";
    case EACCES:
    case EPERM:
      return "P003";
    default:
      return "FS003";
  }
}

Code TargetWriteCode(int err) {
  return err == ENOSPC || err == EDQUOT ? Code("R002") : Code("T006");
}

Code SourceReadCode(int) { return "FS011"; }

std::string WriteErrorHint(int err) {
  switch (err) {
    case ENOSPC:
      return "the file system is full";
    case EDQUOT:
      return "the user's disk quota is used up";
    case EFBIG:
      return "the file is larger than this file system allows (FAT32 stops at 4 GiB)";
    case ENAMETOOLONG:
      return "a name is longer than this file system allows";
    case EIO:
      return "the disk reported an I/O error";
    case EROFS:
      return "the file system is mounted read-only";
    case EACCES:
    case EPERM:
      return "permission denied";
    default:
      return "";
  }
}

}  // namespace ferry
