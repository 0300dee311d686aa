// Reads, empties and refills named volumes through a throwaway container,
// for `ferry reset-volume` (seed Scenario 3) and its rollback.
//
// Why a helper container with tar inside, and not the host or the archive
// endpoints:
//  - the volume's host Mountpoint is not reachable on Docker Desktop (macOS
//    runs the engine in a VM), so everything goes through the Engine API;
//  - GET/PUT /containers/{id}/archive would need no helper, but podman 4.3's
//    compat service writes every entry as uid/gid 0 (and, for a stopped
//    container, drops the top folder's name): a MariaDB datadir copied that
//    way comes back owned by root and the server cannot open it. GNU tar in
//    the container with --numeric-owner keeps owners, modes and times on
//    Docker and podman alike.
// The helper runs the component's own image (so tar, sh and find are there
// for any Debian/Ubuntu based database image), as root, without network,
// with its entrypoint replaced by a sleep loop; every step is an exec in it
// through ContainerExecutor, the same seam the components use. It is
// removed when the VolumeHelper goes, whatever happened.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/docker/container_executor.h"
#include "stream/stream.h"

namespace ferry::phases {

class VolumeHelper {
 public:
  // Starts the helper from image with each volume mounted, and waits until
  // it runs. D001 when the engine refuses (the image has no sh, ...).
  static Result<std::unique_ptr<VolumeHelper>> Start(
      std::shared_ptr<exec::docker::DockerClient> client, const std::string& image,
      const std::string& for_container, const std::vector<std::string>& volumes);
  ~VolumeHelper();
  VolumeHelper(const VolumeHelper&) = delete;
  VolumeHelper& operator=(const VolumeHelper&) = delete;

  // The volume's content as a tar stream (./ first) into out; out is finished.
  Status CopyOut(const std::string& volume, stream::ByteSink& out);
  // Extracts a tar stream (as CopyOut wrote it) into the volume.
  Status CopyIn(const std::string& volume, stream::ByteSource& in);
  // Deletes everything inside the volume (the volume itself stays), then
  // checks that nothing is left.
  Status Empty(const std::string& volume);

  const std::string& name() const { return name_; }

 private:
  VolumeHelper(std::shared_ptr<exec::docker::DockerClient> client, std::string name,
               std::vector<std::string> volumes);
  Result<std::string> MountOf(const std::string& volume) const;
  // D007 with the command's stderr when it did not exit 0.
  Status Finished(platform::Process& process, const std::string& what);

  std::shared_ptr<exec::docker::DockerClient> client_;
  std::string name_;
  std::vector<std::string> volumes_;  // mounted at /ferry-volume/<index>
  exec::docker::ContainerExecutor executor_;
};

}  // namespace ferry::phases
