// The seed's container round trip on a real MariaDB inside a container:
//   docker exec openspg-mysql mysqldump -u root -p"$MYSQL_PASSWORD" openspg > dump.sql
//   docker exec -i openspg-mysql mysql -u root -p"$MYSQL_PASSWORD" openspg < dump.sql
// done through ContainerExecutor, with the password on a descriptor
// (never argv) and the dump streamed out and back in.
#include "exec/docker/container_executor.h"
#include "exec/docker/engine_fixture.h"

namespace ferry::exec::docker::testing {
namespace {

constexpr const char* kOptionFile = "[client]\nuser=root\npassword=openspg-s3cret\n";

Command Cmd(std::vector<std::string> argv) {
  Command command;
  command.argv = std::move(argv);
  command.inherited = {{3, kOptionFile}};
  return command;
}

class MysqlInContainerTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    auto name = RunMariadb("openspg-mysql", "openspg-s3cret");
    ASSERT_TRUE(name.ok()) << name.status().ToString();
    auto client = std::make_shared<DockerClient>(engine().os(), engine().endpoint());
    mysql_ = std::make_unique<ContainerExecutor>(client, *name);
    auto setup = RunOk(*mysql_, Cmd({"mariadb", "--defaults-extra-file=/dev/fd/3", "-e",
                                     "CREATE DATABASE openspg; CREATE DATABASE restored;"
                                     "CREATE TABLE openspg.entity (id INT PRIMARY KEY, name TEXT);"
                                     "INSERT INTO openspg.entity VALUES"
                                     " (1,'CVE-2024-1'),(2,'ç ü');"}));
    ASSERT_TRUE(setup.ok()) << setup.status().ToString();
  }
  std::unique_ptr<ContainerExecutor> mysql_;
};

TEST_F(MysqlInContainerTest, DumpsAndRestoresWithThePasswordOnADescriptor) {
  auto dump = RunOk(*mysql_, Cmd({"mysqldump", "--defaults-extra-file=/dev/fd/3",
                                  "--single-transaction", "openspg"}));
  ASSERT_TRUE(dump.ok()) << dump.status().ToString();
  EXPECT_NE(dump->find("CREATE TABLE `entity`"), std::string::npos);
  EXPECT_NE(dump->find("CVE-2024-1"), std::string::npos);

  Command restore = Cmd({"mysql", "--defaults-extra-file=/dev/fd/3", "restored"});
  restore.pipe_stdin = true;
  auto process = mysql_->Start(restore);
  ASSERT_TRUE(process.ok()) << process.status().ToString();
  ASSERT_TRUE((*process)->WriteStdin(std::as_bytes(std::span(dump->data(), dump->size()))).ok());
  (*process)->CloseStdin();
  auto code = (*process)->Wait();
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(*code, 0) << (*process)->Stderr();

  auto rows = RunOk(*mysql_, Cmd({"mysql", "--defaults-extra-file=/dev/fd/3", "-N", "-e",
                                  "SELECT name FROM restored.entity ORDER BY id"}));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, "CVE-2024-1\nç ü\n");
}

TEST_F(MysqlInContainerTest, AWrongPasswordIsAnErrorQuotingTheServer) {
  Command command = Cmd({"mysqldump", "--defaults-extra-file=/dev/fd/3", "openspg"});
  command.inherited = {{3, "[client]\nuser=root\npassword=wrong\n"}};
  auto dump = RunOk(*mysql_, command);
  EXPECT_EQ(dump.status().code(), "X002");
  EXPECT_NE(dump.status().message().find("Access denied"), std::string::npos)
      << dump.status().message();
  EXPECT_EQ(dump.status().message().find("wrong\n"), std::string::npos);
}

}  // namespace
}  // namespace ferry::exec::docker::testing
