// Placeholder until the git kind lands: refuses to run.
#include "components/kinds.h"
namespace ferry::components {
std::unique_ptr<Component> NewGitComponent() { return nullptr; }
}  // namespace ferry::components
