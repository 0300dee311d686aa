// Factories of the built-in component kinds, one per subfolder.
#pragma once

#include <memory>

#include "components/component.h"

namespace ferry::components {

std::unique_ptr<Component> NewFilesComponent();   // files/
std::unique_ptr<Component> NewGitComponent();     // git/
std::unique_ptr<Component> NewSqliteComponent();  // sqlite/
std::unique_ptr<Component> NewMysqlComponent();   // mysql/
std::unique_ptr<Component> NewNeo4jComponent();   // neo4j/
std::unique_ptr<Component> NewHttpComponent();    // http/

}  // namespace ferry::components
