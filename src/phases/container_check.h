// Preflight of the container engine (seed D001-D006, N001, N004): every
// container the stack names is running and healthy, the ports it declares
// are not taken by somebody else, its volumes exist and are mounted, its
// networks do not clash, its databases answer. Findings are collected for
// everything; nothing stops at the first problem, and nothing is changed.
#pragma once

#include <string>
#include <vector>

#include "exec/docker/client.h"
#include "phases/phase.h"

namespace ferry::phases {

struct ContainerCheckOutcome {
  std::vector<Finding> findings;
  // Containers that exist but are exited, restarting or unhealthy: the ones
  // the seed's safe resolution (`docker restart`, then wait) may fix.
  std::vector<std::string> restartable;
};

// True when the stack names anything that needs the engine or a port test.
bool HasEngineNeeds(const stack::StackFile& stack);

// The checks against an engine already reached.
ContainerCheckOutcome CheckContainers(PhaseEnv& env, exec::docker::DockerClient& client,
                                      const stack::StackFile& stack);

// What `ferry check` runs: reaches the engine named by DOCKER_HOST (D001
// naming the socket when it does not answer), checks, and with
// options.fix restarts what is restartable, waits until it is healthy and
// checks again, reporting what it did. Never removes anything.
std::vector<Finding> ContainerPreflight(PhaseEnv& env, const stack::StackFile& stack);

// Whether two IPv4 CIDR subnets share an address ("10.89.0.0/24"); for
// anything not IPv4 CIDR, whether the texts are equal.
bool SubnetsOverlap(const std::string& a, const std::string& b);

}  // namespace ferry::phases
