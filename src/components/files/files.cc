// Placeholder until the files kind lands: refuses to run.
#include "components/kinds.h"
namespace ferry::components {
std::unique_ptr<Component> NewFilesComponent() { return nullptr; }
}  // namespace ferry::components
