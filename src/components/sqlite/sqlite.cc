// Placeholder until the sqlite kind lands: refuses to run.
#include "components/kinds.h"
namespace ferry::components {
std::unique_ptr<Component> NewSqliteComponent() { return nullptr; }
}  // namespace ferry::components
