#include "diag/os_error_codes.h"

#include <cerrno>

namespace ferry {

std::string MediumWriteCode(int err) {
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

std::string TargetWriteCode(int err) {
  return err == ENOSPC || err == EDQUOT ? "R002" : "T006";
}

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
