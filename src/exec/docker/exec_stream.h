// A started `docker exec` as a platform::Process: the seed's
// `docker exec -i openspg-mysql mysqldump ...` with stdin streamed in,
// stdout streamed out, stderr kept (last 64 KiB) and the exit code.
//
// How: POST /exec/{id}/start with "Upgrade: tcp" turns the HTTP connection
// into a raw duplex stream (the engine "hijacks" it). ferry opens that
// connection itself through platform::ConnectUnix, because libcurl cannot
// half-close a socket and the half-close is how the child sees end of stdin.
// Output arrives as frames (frames.h); one reader thread demultiplexes them so
// a child that writes much to stderr never stalls on an unread socket, and
// stdout waits in a bounded queue (1 MiB): memory stays bounded however much
// flows through, and a caller that does not read makes the child wait, as a
// pipe does on the host.
#pragma once

#include <memory>
#include <string>

#include "exec/docker/client.h"
#include "platform/platform.h"

namespace ferry::exec::docker {

// REQUIRES: exec_id was created by client.CreateExec with attach_stdin ==
// pipe_stdin. Differences from a host process, by necessity:
//  - Wait() closes stdin and discards unread stdout first (the engine only
//    reports the exit code once the stream has ended);
//  - Kill() cannot signal the process (the exec API has none): it drops the
//    connection, so the child reads end of input and its writes fail; Wait()
//    then reports 128+signal, as for a host child killed by that signal.
//  - pid() is the exec's pid as the engine reports it (0 if unknown).
Result<std::unique_ptr<platform::Process>> StartExecStream(DockerClient& client,
                                                           const std::string& exec_id,
                                                           const std::string& description,
                                                           bool pipe_stdin, bool pipe_stdout);

}  // namespace ferry::exec::docker
