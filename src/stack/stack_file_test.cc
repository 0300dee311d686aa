#include "stack/stack_file.h"

#include <gtest/gtest.h>

#include "stack/keys.h"

namespace ferry::stack {
namespace {

TEST(StackFileTest, ParsesComponentsAndKeepsKindOptions) {
  auto stack = ParseStackFile(R"(
[stack]
name = "aeon-dt"
zstd_level = 6

[[component]]
name = "models"
kind = "files"
path = "5_NER11_Gold_Model"
exclude = ["*.pyc", "__pycache__"]

[[component]]
name = "mysql"
kind = "mysql"
container = "openspg-mysql"
password_env = "MYSQL_PASSWORD"
databases = ["openspg"]
)",
                              "/srv/aeon/ferry.toml");
  ASSERT_TRUE(stack.ok()) << stack.status().ToString();
  EXPECT_EQ(stack->name, "aeon-dt");
  EXPECT_EQ(stack->zstd_level, 6);
  ASSERT_EQ(stack->components.size(), 2u);
  EXPECT_EQ(stack->components[0].exclude, (std::vector<std::string>{"*.pyc", "__pycache__"}));
  EXPECT_EQ(ResolveComponentPath(*stack, stack->components[0]), "/srv/aeon/5_NER11_Gold_Model");
  EXPECT_EQ(ResolveComponentPath(*stack, stack->components[0], "/mac/aeon"),
            "/mac/aeon/5_NER11_Gold_Model");
  EXPECT_EQ(stack->components[1].container, "openspg-mysql");
  EXPECT_EQ(stack->components[1].options["databases"][0], "openspg");
}

TEST(StackFileTest, ParsesWhatTheStackNeedsFromTheEngine) {
  auto stack = ParseStackFile(R"(
[stack]
containers = ["openspg-server"]
ports = [8000]
networks = ["openspg"]

[[component]]
name = "graph"
kind = "neo4j"
container = "openspg-neo4j"
ports = [7474, 7687]
volumes = ["openspg-neo4j"]
)",
                              "/srv/aeon/ferry.toml");
  ASSERT_TRUE(stack.ok()) << stack.status().ToString();
  EXPECT_EQ(stack->containers, std::vector<std::string>{"openspg-server"});
  EXPECT_EQ(stack->needs.ports, std::vector<uint16_t>{8000});
  EXPECT_EQ(stack->needs.networks, std::vector<std::string>{"openspg"});
  EXPECT_EQ(stack->components[0].needs.ports, (std::vector<uint16_t>{7474, 7687}));
  EXPECT_EQ(stack->components[0].needs.volumes, std::vector<std::string>{"openspg-neo4j"});
}

TEST(StackFileTest, RejectsAPortOutOfRange) {
  auto stack = ParseStackFile("[[component]]\nname = \"a\"\nkind = \"files\"\nports = [70000]\n",
                              "/x/ferry.toml");
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), "S001");
  EXPECT_NE(stack.status().message().find("1..65535"), std::string::npos)
      << stack.status().message();
}

TEST(StackFileTest, RejectsPasswordInFile) {
  auto stack =
      ParseStackFile("[[component]]\nname='db'\nkind='mysql'\npassword='hunter2'\n", "/x/f.toml");
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), "S001");
  EXPECT_EQ(stack.status().message().find("hunter2"), std::string::npos);
}

TEST(StackFileTest, SyntaxErrorNamesLine) {
  auto stack = ParseStackFile("[stack]\nname = \n", "/x/f.toml");
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), "S001");
  EXPECT_NE(stack.status().message().find("line 2"), std::string::npos);
}

// Found by stack_file_fuzzer in the clang build: a control character in a
// table header reached a toml++ precondition (an abort in Debug, undefined
// behaviour under clang in Release). Now S001 before toml++ parses.
TEST(StackFileTest, RawControlCharactersAreS001NotAParserCrash) {
  const std::string text =
      std::string("[stack]\nname = \"s\"\n[[") + '\x01' + '\0' + "component]]\nname = \"y\"\n";
  auto stack = ParseStackFile(text, "/x/f.toml");
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), "S001");
  EXPECT_NE(stack.status().message().find("control character"), std::string::npos)
      << stack.status().ToString();
  // Tabs and CRLF line ends stay valid TOML.
  auto crlf = ParseStackFile(
      "[stack]\r\nname =\t\"s\"\r\n[[component]]\r\nname = \"m\"\r\nkind = \"files\"\r\npath = "
      "\"m\"\r\n",
      "/x/f.toml");
  EXPECT_TRUE(crlf.ok()) << crlf.status().ToString();
}

TEST(StackFileTest, DuplicateOrUnsafeNamesRejected) {
  EXPECT_FALSE(
      ParseStackFile("[[component]]\nname='a'\nkind='files'\n[[component]]\nname='a'\nkind='git'\n",
                     "/f")
          .ok());
  EXPECT_FALSE(ParseStackFile("[[component]]\nname='../a'\nkind='files'\n", "/f").ok());
}

TEST(StackFileTest, SecretFromEnvironmentOrMissing) {
  auto stack = ParseStackFile(
      "[[component]]\nname='db'\nkind='mysql'\npassword_env='FERRY_TEST_SECRET_X'\n", "/x/f.toml");
  ASSERT_TRUE(stack.ok());
  auto& os = platform::DefaultPlatform();
  ::unsetenv("FERRY_TEST_SECRET_X");
  EXPECT_EQ(ReadSecret(os, *stack, stack->components[0]).status().code(), "S004");
  ::setenv("FERRY_TEST_SECRET_X", "s3cret", 1);
  EXPECT_EQ(*ReadSecret(os, *stack, stack->components[0]), "s3cret");
}

Status Parsed(const std::string& text) { return ParseStackFile(text, "/x/ferry.toml").status(); }

TEST(StackFileTest, SecretLookingKeysAreRefusedAnywhereInAnyCase) {
  const char* cases[] = {
      "password = 'x'\n[[component]]\nname='a'\nkind='files'\npath='a'\n",
      "[stack]\npassword = 'x'\n[[component]]\nname='a'\nkind='files'\npath='a'\n",
      "[[component]]\nname='db'\nkind='mysql'\nPassword='hunter2'\n",
      "[[component]]\nname='db'\nkind='mysql'\nDB_PASSWD='hunter2'\n",
      "[[component]]\nname='api'\nkind='http'\nurl='http://x'\napi_key='hunter2'\n",
      "[[component]]\nname='api'\nkind='http'\nurl='http://x'\napiKey='hunter2'\n",
      "[[component]]\nname='api'\nkind='http'\nurl='http://x'\nauth_token='hunter2'\n",
      ("[[component]]\nname='api'\nkind='http'\nurl='http://x'\n"
       "[component.headers]\nsecret='hunter2'\n"),
      "[[component]]\nname='g'\nkind='neo4j'\nuri='bolt://neo4j:hunter2@db:7687'\n",
  };
  for (const char* text : cases) {
    Status st = Parsed(text);
    EXPECT_EQ(st.code(), "S001") << text;
    EXPECT_EQ(st.message().find("hunter2"), std::string::npos) << st.message();
  }
}

TEST(StackFileTest, SecretIndirectionsAreTheAllowedWay) {
  EXPECT_TRUE(Parsed("[[component]]\nname='db'\nkind='mysql'\npassword_env='X'\n").ok());
  EXPECT_TRUE(Parsed("[[component]]\nname='db'\nkind='mysql'\npassword_file='pw.txt'\n").ok());
  EXPECT_TRUE(Parsed("[[component]]\nname='a'\nkind='http'\nurl='http://"
                     "x'\napi_key_file='k'\napi_key_env='K'\n")
                  .ok());
  EXPECT_TRUE(
      Parsed("[[component]]\nname='g'\nkind='neo4j'\nuri='bolt://db:7687'\nuser='neo4j'\n").ok());
}

TEST(StackFileTest, ReservedNamesAndCaseCollisionsAreRefused) {
  for (const char* name :
       {"ferry.toml", "MIGRATION_MANIFEST.txt", "migration_manifest.JSON", "Ferry.TOML",
        ".ferry.lock", "x.part", "X.PART", "..", ".", "", "a/b", "a\\\\b"}) {
    std::string text = std::string("[[component]]\nname='") + name + "'\nkind='files'\npath='a'\n";
    EXPECT_EQ(Parsed(text).code(), "S001") << name;
  }
  Status twice = Parsed(
      "[[component]]\nname='Models'\nkind='files'\npath='a'\n"
      "[[component]]\nname='models'\nkind='files'\npath='b'\n");
  EXPECT_EQ(twice.code(), "S001");
  EXPECT_NE(twice.message().find("differ only in case"), std::string::npos) << twice.message();
}

TEST(StackFileTest, ThreadsOutOfRangeIsRefused) {
  for (const char* threads : {"-5", "100000000", "'4'"}) {
    Status st = Parsed(std::string("[stack]\nthreads = ") + threads +
                       "\n[[component]]\nname='a'\nkind='files'\npath='a'\n");
    EXPECT_EQ(st.code(), "S001") << threads;
    EXPECT_NE(st.message().find("0..256"), std::string::npos) << st.message();
  }
  EXPECT_TRUE(
      Parsed("[stack]\nthreads = 8\n[[component]]\nname='a'\nkind='files'\npath='a'\n").ok());
}

TEST(StackFileTest, EachComponentKnowsTheOtherComponentsSecretVariables) {
  auto stack = ParseStackFile(
      "[[component]]\nname='db'\nkind='mysql'\npassword_env='MYSQL_PW'\n"
      "[[component]]\nname='graph'\nkind='neo4j'\nuri='bolt://x'\npassword_env='NEO4J_PW'\n"
      "[[component]]\nname='models'\nkind='files'\npath='m'\n",
      "/x/ferry.toml");
  ASSERT_TRUE(stack.ok()) << stack.status().ToString();
  EXPECT_EQ(stack->components[0].foreign_secret_env, std::vector<std::string>{"NEO4J_PW"});
  EXPECT_EQ(stack->components[1].foreign_secret_env, std::vector<std::string>{"MYSQL_PW"});
  EXPECT_EQ(stack->components[2].foreign_secret_env,
            (std::vector<std::string>{"MYSQL_PW", "NEO4J_PW"}));
}

TEST(StackFileTest, ConfinedPaths) {
  EXPECT_TRUE(IsConfinedPath("models"));
  EXPECT_TRUE(IsConfinedPath("a/./b"));
  EXPECT_FALSE(IsConfinedPath("/etc"));
  EXPECT_FALSE(IsConfinedPath("../outside"));
  EXPECT_FALSE(IsConfinedPath("a/../../b"));
  EXPECT_FALSE(
      IsConfinedPath("a/.."));  // even when it comes back: the medium has no reason to write it
}

TEST(StackFileTest, TargetMapOwnerIsParsedLikeTheFlag) {
  auto stack = ParseStackFile(
      "[target]\nmap_owner = [\"1000:501\", \"0:0\", \"4294967294:7\"]\n"
      "[[component]]\nname='a'\nkind='files'\npath='a'\n",
      "/x/ferry.toml");
  ASSERT_TRUE(stack.ok()) << stack.status().ToString();
  EXPECT_EQ(stack->owner_map, (OwnerMap{{1000, 501}, {0, 0}, {4294967294u, 7}}));
  auto none = ParseStackFile("[[component]]\nname='a'\nkind='files'\npath='a'\n", "/x/ferry.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->owner_map.empty());
}

TEST(StackFileTest, TargetMapOwnerOutOfRangeOrMalformedIsS001) {
  const char* bad[] = {
      "map_owner = ['1000']",  // no target
      "map_owner = ['1000:']",
      "map_owner = [':501']",
      "map_owner = ['-1:501']",  // a sign
      "map_owner = ['1000:+501']",
      "map_owner = [' 1000:501']",  // a space
      "map_owner = ['1000:501:7']",
      "map_owner = ['1000:4294967295']",  // (uid_t)-1 means "unchanged" to chown
      "map_owner = ['99999999999:1']",
      "map_owner = ['0x10:1']",
      "map_owner = '1000:501'",  // not a list
      "map_owner = [1000]",
      "map_owner = ['1000:501', '1000:502']",  // one uid, two owners
  };
  for (const char* line : bad) {
    Status st = Parsed(std::string("[target]\n") + line +
                       "\n[[component]]\nname='a'\nkind='files'\npath='a'\n");
    EXPECT_EQ(st.code(), "S001") << line;
    EXPECT_NE(st.message().find("map_owner"), std::string::npos) << st.message();
  }
  EXPECT_EQ(Parsed("target = 5\n[[component]]\nname='a'\nkind='files'\npath='a'\n").code(), "S001");
  // The same pair twice says nothing new: accepted.
  EXPECT_TRUE(
      Parsed(
          "[target]\nmap_owner = ['1:2', '1:2']\n[[component]]\nname='a'\nkind='files'\npath='a'\n")
          .ok());
}

TEST(StackFileTest, MapOwnerFlagAddsToTheFileAndWinsForTheSameUid) {
  EXPECT_EQ(MergeOwnerMaps({{1000, 501}, {1001, 502}}, {{1001, 600}, {33, 70}}),
            (OwnerMap{{1000, 501}, {1001, 600}, {33, 70}}));
  EXPECT_EQ(MergeOwnerMaps({}, {{1, 2}}), (OwnerMap{{1, 2}}));
  EXPECT_EQ(MergeOwnerMaps({{1, 2}}, {}), (OwnerMap{{1, 2}}));
  EXPECT_EQ(ParseOwnerPair("1000:501"), std::make_pair(1000u, 501u));
  EXPECT_FALSE(ParseOwnerPair(""));
  EXPECT_FALSE(ParseOwnerPair(":"));
}

}  // namespace
}  // namespace ferry::stack

namespace ferry::stack {
namespace {

// Found by fuzz/stack_file_fuzzer: a wrong type where a string is read.
TEST(StackFileFuzzRegressionTest, StackNameThatIsAnArrayIsS001NotAnAbort) {
  auto s = ParseStackFile(
      "[stack]\nname = [\"*.pyc\"]\n\n[[component]]\nname = \"db\"\nkind = \"files\"\npath = "
      "\"x\"\n",
      "/m/ferry.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), "S001");
}

}  // namespace
}  // namespace ferry::stack
