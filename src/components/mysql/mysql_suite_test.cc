// The mysql kind against the component contract (components/testing/component_suite.h),
// on two real MariaDB servers this program starts (testing/mariadb_server.h):
// A holds the source databases, B is the restore target. The content of a
// side is every table's rows, the views, triggers and routines, read with
// the server's own client.
#include <signal.h>
#include <stdlib.h>

#include "components/mysql/testing/mariadb_server.h"
#include "components/testing/server_kind_fixture.h"

namespace ferry::components::testing {
namespace {

using mysql::testing::MariadbServer;

constexpr const char* kPasswordEnv = "FERRY_SUITE_MYSQL_PW";
constexpr const char* kWrongPasswordEnv = "FERRY_SUITE_MYSQL_WRONG";
constexpr const char* kPassword = "suite #pw \"quoted\"";
constexpr const char* kDatabases = "'notes', 'shop'";

// Two databases, so an interrupted run can have verified one of them;
// a foreign key, a view and a trigger (DEFINER root@localhost, who exists
// on both servers), a BLOB with bytes a dump must escape, unicode, NULLs.
constexpr const char* kSourceData = R"sql(
CREATE DATABASE notes CHARACTER SET utf8mb4;
USE notes;
CREATE TABLE notes.note (id INT PRIMARY KEY, body TEXT NULL, at DATETIME(6) NULL);
INSERT INTO notes.note SELECT seq, CONCAT('note ', seq, ' ü 🚢'), IF(seq % 5 = 0, NULL,
  '2026-01-01 00:00:00.123456') FROM seq_1_to_500;
CREATE DATABASE shop CHARACTER SET utf8mb4;
CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NULL,
  photo BLOB NULL, FOREIGN KEY (customer_id) REFERENCES shop.customers(id));
INSERT INTO shop.customers VALUES (1, 'Zoë'), (2, 'Bob');
INSERT INTO shop.orders VALUES (10, 1, 9.99, UNHEX('00FF0D0A5C2722')), (11, 2, NULL, NULL),
  (12, 1, 1.50, NULL);
CREATE TABLE shop.audit (order_id INT NULL);
CREATE TRIGGER shop.orders_ai AFTER INSERT ON shop.orders FOR EACH ROW
  INSERT INTO shop.audit VALUES (NEW.id);
CREATE VIEW shop.totals AS SELECT customer_id, SUM(total) AS total FROM shop.orders GROUP BY customer_id;
)sql";

// The default engine (mariadb-dump and the client); MydumperFixture below
// runs the same contract with the parallel engine on the same servers.
class MysqlFixture : public ServerKindFixture {
 public:
  explicit MysqlFixture(nlohmann::json engine = nlohmann::json::object())
      : engine_(std::move(engine)) {}
  std::string kind() const override { return "mysql"; }
  Capabilities capabilities() const override { return {.skips_verified_payloads = true}; }

  stack::ComponentSpec Spec(Side side) override {
    stack::ComponentSpec spec;
    spec.name = "appdb";
    spec.kind = "mysql";
    const bool source = side == Side::kSource;
    spec.options =
        (source ? a_ : b_)->Options(source && broken_ ? kWrongPasswordEnv : kPasswordEnv);
    spec.options["databases"] = {"notes", "shop"};
    for (const auto& [key, value] : engine_.items()) spec.options[key] = value;
    return spec;
  }
  fs::path Path(Side) override { return {}; }
  Result<std::string> Content(Side side) override {
    MariadbServer& server = side == Side::kSource ? *a_ : *b_;
    FERRY_ASSIGN_OR_RETURN(
        std::string objects,
        server.Sql(std::string("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM "
                               "information_schema.TABLES WHERE TABLE_SCHEMA IN (") +
                   kDatabases +
                   ") ORDER BY 1, 2;"
                   "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, ACTION_STATEMENT FROM "
                   "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" +
                   kDatabases +
                   ") ORDER BY 1, 2;"
                   "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM "
                   "information_schema.VIEWS WHERE TABLE_SCHEMA IN (" +
                   kDatabases + ") ORDER BY 1, 2;"));
    // Every row of every base table, in key order.
    std::string rows;
    for (size_t start = 0, end; (end = objects.find('\n', start)) != std::string::npos;
         start = end + 1) {
      const std::string line = objects.substr(start, end - start);
      if (line.find("\tBASE TABLE") == std::string::npos) continue;
      const std::string db = line.substr(0, line.find('\t'));
      const std::string table =
          line.substr(db.size() + 1, line.find('\t', db.size() + 1) - db.size() - 1);
      rows += "SELECT '" + db + "." + table + "'; SELECT * FROM `" + db + "`.`" + table +
              "` ORDER BY 1;";
    }
    if (rows.empty()) return objects;
    FERRY_ASSIGN_OR_RETURN(std::string data, server.Sql(rows));
    return objects + data;
  }

  Status BreakSource() override {
    broken_ = true;
    return Status::Ok();
  }
  ExpectedFinding BrokenSourceFinding() const override {
    return {"N011", "refused the user or password"};
  }
  // Both databases the restore writes: rollback puts back what a restore
  // replaced (a database it created where none stood stays, as a folder
  // restored into an empty path does).
  Status FillTarget() override {
    return b_
        ->Sql(
            "CREATE DATABASE notes; CREATE TABLE notes.mine (x INT);"
            "INSERT INTO notes.mine VALUES (1), (2), (3);"
            "CREATE DATABASE shop; CREATE TABLE shop.keepme (name VARCHAR(10));"
            "INSERT INTO shop.keepme VALUES ('mine');")
        .status();
  }
  Status PlantDifference() override {
    return b_->Sql("DELETE FROM notes.note WHERE id = 7;").status();
  }
  ExpectedFinding PlantedDifferenceFinding() const override {
    return {"DB012", "table 'note' has 499 rows, exported 500"};
  }

 protected:
  // Once for both engines' fixtures.
  Status StartServers() override {
    static const Status started = StartSharedServers();
    return started;
  }
  void StopServers() override {
    a_.reset();
    b_.reset();
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
  }
  Status Reset(const fs::path&) override {
    broken_ = false;
    return b_->Sql("DROP DATABASE IF EXISTS notes; DROP DATABASE IF EXISTS shop;").status();
  }

 private:
  static Status StartSharedServers() {
    // As ferry's main does: a client that exits before reading its stdin
    // (a server still starting) is an error value, not the test's death.
    ::signal(SIGPIPE, SIG_IGN);
    root_ = fs::temp_directory_path() / ("ferry-mysql-suite-" + std::to_string(::getpid()));
    fs::create_directories(root_);
    platform::Platform& os = platform::DefaultPlatform();
    FERRY_ASSIGN_OR_RETURN(a_, MariadbServer::Start(os, root_ / "a", kPassword));
    FERRY_ASSIGN_OR_RETURN(b_, MariadbServer::Start(os, root_ / "b", kPassword));
    // Set after the servers started: only ferry and its children hold it.
    ::setenv(kPasswordEnv, kPassword, 1);
    ::setenv(kWrongPasswordEnv, "not-the-password", 1);
    return a_->Sql(kSourceData).status();
  }

  static inline fs::path root_;
  static inline std::unique_ptr<MariadbServer> a_, b_;
  nlohmann::json engine_;  // options merged into both sides' specs
  bool broken_ = false;
};

// mydumper/myloader with two threads, each table in one chunk. Split into
// chunks (chunk_rows 100 here), myloader 0.10 loads a table's chunks from
// several threads and InnoDB fails one of them with "Deadlock found when
// trying to get lock" (3 of 8 repeated runs here), so ferry's restore fails
// (mydumper issues 211, 528; myloader 0.10 has no retry). That is a bug of
// the engine, reported, not a contract this suite may pass by luck.
class MydumperFixture final : public MysqlFixture {
 public:
  MydumperFixture() : MysqlFixture({{"engine", "mydumper"}, {"threads", 2}}) {}
};

INSTANTIATE_TEST_SUITE_P(Mysql, ComponentSuite, ::testing::Values(&Shared<MysqlFixture>));
INSTANTIATE_TEST_SUITE_P(Mydumper, ComponentSuite, ::testing::Values(&Shared<MydumperFixture>));

}  // namespace
}  // namespace ferry::components::testing
