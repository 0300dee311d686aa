// RunThrowaway on a real engine (podman): a one-shot container from a
// stopped container's image sees that container's volume and a host folder,
// its exit code and both streams come back, and it is gone afterwards.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "exec/docker/engine_fixture.h"
#include "exec/docker/throwaway.h"

namespace ferry::exec::docker::testing {
namespace {

class ThrowawayTest : public EngineTest {};

TEST_F(ThrowawayTest, RunsBesideAStoppedContainersVolumeAndIsRemoved) {
  std::string volume = Unique("openspg-neo4j-data");
  RemoveVolumeLater(volume);
  std::string name = RunContainer("openspg-neo4j", {"-v", volume + ":/data"},
                                  "echo store-bytes > /data/store; exec sleep 100000");
  ASSERT_TRUE(client().Stop(name, 1).ok());
  auto info = client().Inspect(name);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  ASSERT_FALSE(info->running);
  std::vector<std::string> binds = BindsOf(*info);
  ASSERT_EQ(binds, std::vector<std::string>{volume + ":/data"});

  char tmpl[] = "/tmp/ferry-throwaway-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::filesystem::path exchange = tmpl;
  binds.push_back(exchange.string() + ":/exchange");
  ThrowawaySpec spec;
  spec.name = Unique("ferry-throwaway");
  spec.image = info->image;
  spec.argv = {"sh", "-c", "cp /data/store /exchange/out; echo done; echo oops >&2; exit 3"};
  spec.binds = binds;
  auto ran = RunThrowaway(client(), spec);
  ASSERT_TRUE(ran.ok()) << ran.status().ToString();
  EXPECT_EQ(ran->exit_code, 3);
  EXPECT_EQ(ran->out, "done\n");
  EXPECT_EQ(ran->err, "oops\n");
  std::stringstream copied;
  copied << std::ifstream(exchange / "out").rdbuf();
  EXPECT_EQ(copied.str(), "store-bytes\n");
  EXPECT_EQ(client().Inspect(spec.name).status().code(), "D001") << "the throwaway is removed";
  std::filesystem::remove_all(exchange);

  spec.image = "localhost/ferry-no-such-image";
  EXPECT_EQ(RunThrowaway(client(), spec).status().code(), "D001");
}

}  // namespace
}  // namespace ferry::exec::docker::testing
