#include "components/stack_review.h"

#include <gtest/gtest.h>

#include "components/component.h"

namespace ferry::components {
namespace {

stack::StackFile Parse(const std::string& text,
                       stack::StackOrigin origin = stack::StackOrigin::kUser) {
  auto stack = stack::ParseStackFile(text, "/src/ferry.toml", origin);
  EXPECT_TRUE(stack.ok()) << stack.status().ToString();
  return stack.ok() ? *stack : stack::StackFile{};
}

TEST(StackReviewTest, UnknownKeysAreWarningsWithTheClosestKnownKey) {
  auto warnings =
      ReviewStack(Parse("[stack]\nzstd_levle = 3\n[[component]]\nname='m'\nkind='files'\npath='m'\n"
                        "exlude=['__pycache__']\n"));
  ASSERT_TRUE(warnings.ok()) << warnings.status().ToString();
  ASSERT_EQ(warnings->size(), 2u);
  EXPECT_EQ((*warnings)[0].code, "S006");
  EXPECT_NE((*warnings)[0].what.find("did you mean 'zstd_level'"), std::string::npos)
      << (*warnings)[0].what;
  EXPECT_NE((*warnings)[1].what.find("did you mean 'exclude'"), std::string::npos)
      << (*warnings)[1].what;
  EXPECT_FALSE(HasFailures(*warnings));  // a warning: the run goes on
}

TEST(StackReviewTest, RangesTypesRequiredKeysAndOverlaps) {
  struct Case {
    const char* text;
    const char* code;
    const char* says;
  } cases[] = {
      {"[[component]]\nname='db'\nkind='mysql'\nthreads=100000000\n", "S001", "allowed 1..64"},
      {"[[component]]\nname='db'\nkind='mysql'\nchunk_rows=-1\n", "S001", "chunk_rows"},
      {"[[component]]\nname='g'\nkind='neo4j'\nuri='bolt://x'\nbatch_size=0\n", "S001",
       "batch_size"},
      {"[[component]]\nname='h'\nkind='http'\nurl='http://x'\nexpect_status=99999\n", "S001",
       "100..599"},
      {"[[component]]\nname='h'\nkind='http'\n", "S001", "needs url"},
      {"[[component]]\nname='m'\nkind='files'\n", "S001", "needs path"},
      {"[[component]]\nname='q'\nkind='qdrantt'\n", "S002", "qdrantt"},
      {"[[component]]\nname='a'\nkind='files'\npath='m'\n[[component]]\nname='b'\nkind='sqlite'"
       "\npath='m/x.db'\n",
       "S001", "is inside"},
      {"[[component]]\nname='a'\nkind='files'\npath='/src/"
       "m'\n[[component]]\nname='b'\nkind='git'\npath='../src/m/'\n",
       "S001", "same path"},
  };
  for (const Case& c : cases) {
    auto reviewed = ReviewStack(Parse(c.text));
    ASSERT_FALSE(reviewed.ok()) << c.text;
    EXPECT_EQ(reviewed.status().code(), c.code) << c.text;
    EXPECT_NE(reviewed.status().message().find(c.says), std::string::npos)
        << reviewed.status().message();
  }
  // Siblings with a common prefix do not overlap.
  EXPECT_TRUE(ReviewStack(Parse("[[component]]\nname='a'\nkind='files'\npath='models'\n"
                                "[[component]]\nname='b'\nkind='files'\npath='models2'\n"))
                  .ok());
}

TEST(StackReviewTest, TheMediumMayNotNameProgramsHostsContainersOrSecrets) {
  stack::StackFile s = Parse(
      "[stack]\ncontainers=['api']\nports=[8000]\n"
      "[[component]]\nname='db'\nkind='mysql'\nclient='/media/usb/"
      "evil'\ndump_program='x'\nengine='mydumper'\n"
      "host='h'\nport=3306\nsocket='/s'\nuser='root'\npassword_file='/root/"
      "pw'\ncontainer='c'\nvolumes=['v']\n"
      "databases=['app']\nthreads=8\n"
      "[[component]]\nname='g'\nkind='neo4j'\nuri='bolt://x'\npassword_env='P'\nbatch_size=10\n"
      "[[component]]\nname='api'\nkind='http'\nurl='http://evil'\nexpect_status=200\n"
      "[[component]]\nname='m'\nkind='files'\npath='models'\nexclude=['x']\n"
      "[[component]]\nname='up'\nkind='files'\npath='../up'\n"
      "[[component]]\nname='abs'\nkind='git'\npath='/etc'\n",
      stack::StackOrigin::kMedium);
  WithholdLocalKeys(s);
  auto keys = [](const nlohmann::json& o) {
    std::vector<std::string> out;
    for (const auto& [k, v] : o.items()) out.push_back(k);
    return out;
  };
  EXPECT_EQ(keys(s.components[0].options),
            (std::vector<std::string>{"databases", "kind", "name", "threads"}));
  EXPECT_EQ(s.components[0].withheld.size(), 10u);
  EXPECT_EQ(s.components[0].container, "");
  EXPECT_TRUE(s.components[0].needs.volumes.empty());
  EXPECT_EQ(keys(s.components[1].options),
            (std::vector<std::string>{"batch_size", "kind", "name"}));
  EXPECT_EQ(keys(s.components[2].options),
            (std::vector<std::string>{"expect_status", "kind", "name"}));
  EXPECT_TRUE(s.components[3].withheld.empty());
  EXPECT_EQ(s.components[4].withheld, std::vector<std::string>{"path"});
  EXPECT_EQ(s.components[5].withheld, std::vector<std::string>{"path"});
  EXPECT_TRUE(s.containers.empty());
  EXPECT_TRUE(s.needs.ports.empty());

  Status all = RefuseWithheld(s);
  EXPECT_EQ(all.code(), "S005");
  for (const char* says :
       {"'db'", "client", "'g'", "uri", "'api'", "url", "'../up'", "'/etc'", "--stack"}) {
    EXPECT_NE(all.message().find(says), std::string::npos) << says << ": " << all.message();
  }
  EXPECT_EQ(all.message().find("'m' names"), std::string::npos);
  EXPECT_TRUE(RefuseWithheld(s, "m").ok());  // --component m needs nothing the medium may not say
  EXPECT_EQ(RefuseWithheld(s, "up").code(), "S005");
  EXPECT_TRUE(ReviewStack(s).ok());  // a withheld required key (url) is S005's business, not S001's
}

// A hostile medium could map every owner to root; who owns the restored
// files is this machine's decision (docs/stack-file.md).
TEST(StackReviewTest, TheMediumMayNotMapOwners) {
  const std::string text =
      "[target]\nmap_owner=['1000:0']\n[[component]]\nname='m'\nkind='files'\npath='m'\n";
  stack::StackFile from_medium = Parse(text, stack::StackOrigin::kMedium);
  ASSERT_EQ(from_medium.owner_map.size(), 1u);
  WithholdLocalKeys(from_medium);
  EXPECT_TRUE(from_medium.owner_map.empty());
  EXPECT_EQ(from_medium.withheld, std::vector<std::string>{"[target] map_owner"});
  // Dropped, not refused: the files component still restores without --stack.
  EXPECT_TRUE(RefuseWithheld(from_medium).ok());
  EXPECT_EQ(stack::FindKey(stack::TargetKeys(), "map_owner")->authority,
            stack::KeyAuthority::kLocal);

  stack::StackFile own = Parse(text);
  EXPECT_EQ(own.owner_map, (stack::OwnerMap{{1000, 0}}));
  auto warnings = ReviewStack(
      Parse("[target]\nmap_ownr=['1:2']\n[[component]]\nname='m'\nkind='files'\npath='m'\n"));
  ASSERT_TRUE(warnings.ok()) << warnings.status().ToString();
  ASSERT_EQ(warnings->size(), 1u);
  EXPECT_EQ((*warnings)[0].code, "S006");
  EXPECT_NE((*warnings)[0].what.find("did you mean 'map_owner'"), std::string::npos)
      << (*warnings)[0].what;
}

TEST(StackReviewTest, EveryKindDeclaresItsKeysOnce) {
  for (const std::string& kind : KnownKinds()) {
    auto component = MakeComponent(kind);
    ASSERT_TRUE(component.ok());
    for (const stack::KeySpec& k : (*component)->Keys()) {
      EXPECT_EQ(stack::FindKey((*component)->Keys(), k.name), &k) << kind << " " << k.name;
      EXPECT_EQ(stack::FindKey(stack::CommonComponentKeys(), k.name), nullptr)
          << kind << " redeclares " << k.name;
      // Secret indirections are never data.
      if (stack::IsSecretIndirection(k.name)) {
        EXPECT_EQ(k.authority, stack::KeyAuthority::kLocal) << k.name;
      }
    }
  }
}

}  // namespace
}  // namespace ferry::components
