#include "phases/volume_helper.h"

#include <chrono>

#include "stream/file_stream.h"

namespace ferry::phases {
namespace {

namespace docker = exec::docker;

constexpr const char* kMountBase = "/ferry-volume/";
// Runs until removed; TERM ends it at once.
constexpr const char* kKeepAlive = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
// Deletes the content of "$1", never "$1" itself, then proves it is empty.
constexpr const char* kEmpty =
    "cd \"$1\" || exit 1; find . -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + || exit 1; "
    "left=$(ls -A | head -n 5); [ -z \"$left\" ] || { echo \"still there: $left\" >&2; exit 1; }";

exec::Command Cmd(std::vector<std::string> argv, bool pipe_stdin, bool pipe_stdout) {
  exec::Command command;
  command.argv = std::move(argv);
  command.pipe_stdin = pipe_stdin;
  command.pipe_stdout = pipe_stdout;
  return command;
}

}  // namespace

VolumeHelper::VolumeHelper(std::shared_ptr<docker::DockerClient> client, std::string name,
                           std::vector<std::string> volumes)
    : client_(client),
      name_(std::move(name)),
      volumes_(std::move(volumes)),
      executor_(client, name_) {}

Result<std::unique_ptr<VolumeHelper>> VolumeHelper::Start(
    std::shared_ptr<docker::DockerClient> client, const std::string& image,
    const std::string& for_container, const std::vector<std::string>& volumes) {
  docker::NewContainer spec;
  // One name per container, so a helper a killed run left behind is found
  // and removed here rather than left to pile up.
  spec.name = "ferry-volume-helper-" + for_container;
  spec.image = image;
  spec.entrypoint = {"sh", "-c"};
  spec.cmd = {kKeepAlive};
  spec.user = "0";
  spec.labels = {{"ferry.helper", "volume"}, {"ferry.for", for_container}};
  for (size_t i = 0; i < volumes.size(); ++i) {
    spec.volumes.emplace_back(volumes[i], kMountBase + std::to_string(i));
  }
  (void)client->RemoveContainer(spec.name);
  FERRY_ASSIGN_OR_RETURN(std::string id, client->CreateContainer(spec));
  (void)id;
  std::unique_ptr<VolumeHelper> helper(new VolumeHelper(client, spec.name, volumes));
  FERRY_RETURN_IF_ERROR(client->Start(spec.name));
  FERRY_ASSIGN_OR_RETURN(
      auto info, client->WaitUntil(spec.name, docker::WaitFor::kRunning, std::chrono::seconds(60)));
  (void)info;
  return helper;
}

VolumeHelper::~VolumeHelper() { (void)client_->RemoveContainer(name_); }

Result<std::string> VolumeHelper::MountOf(const std::string& volume) const {
  for (size_t i = 0; i < volumes_.size(); ++i) {
    if (volumes_[i] == volume) return kMountBase + std::to_string(i);
  }
  return Status::Error("X004", "volume " + volume + " is not mounted in " + name_);
}

Status VolumeHelper::Finished(platform::Process& process, const std::string& what) {
  FERRY_ASSIGN_OR_RETURN(int code, process.Wait());
  if (code == 0) return Status::Ok();
  return Status::Error("D007", what + " in helper container " + name_ + " failed (exit " +
                                   std::to_string(code) + "): " + process.Stderr());
}

Status VolumeHelper::CopyOut(const std::string& volume, stream::ByteSink& out) {
  FERRY_ASSIGN_OR_RETURN(std::string dir, MountOf(volume));
  FERRY_ASSIGN_OR_RETURN(
      auto process,
      executor_.Start(Cmd({"tar", "-C", dir, "--numeric-owner", "-cf", "-", "."}, false, true)));
  stream::ProcessSource source(*process);
  Status pumped = stream::Pump(source, out);
  Status finished = Finished(*process, "tar of volume " + volume);
  // When our side failed (a full disk), tar then dies of the broken pipe:
  // the cause to report is ours.
  return pumped.ok() ? finished : pumped;
}

Status VolumeHelper::CopyIn(const std::string& volume, stream::ByteSource& in) {
  FERRY_ASSIGN_OR_RETURN(std::string dir, MountOf(volume));
  FERRY_ASSIGN_OR_RETURN(
      auto process,
      executor_.Start(Cmd({"tar", "-C", dir, "--numeric-owner", "-xpf", "-"}, true, false)));
  stream::ProcessSink sink(*process);
  Status pumped = stream::Pump(in, sink);
  Status finished = Finished(*process, "tar extraction into volume " + volume);
  // A tar that failed (volume full) makes our writes fail: its stderr says why.
  return finished.ok() ? pumped : finished;
}

Status VolumeHelper::Empty(const std::string& volume) {
  FERRY_ASSIGN_OR_RETURN(std::string dir, MountOf(volume));
  FERRY_ASSIGN_OR_RETURN(auto process,
                         executor_.Start(Cmd({"sh", "-c", kEmpty, "sh", dir}, false, false)));
  return Finished(*process, "emptying volume " + volume);
}

}  // namespace ferry::phases
