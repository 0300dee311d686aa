// Compiled by the diag.code_* tests with -DCODE="...": a code the catalog
// has compiles, one it lacks must not (Code's constructor is consteval).
#include "diag/code.h"

int main() {
  ferry::Code code = CODE;
  return code.name().empty() ? 1 : 0;
}
