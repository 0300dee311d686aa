#include "bolt/messages.h"

#include <gtest/gtest.h>

#include "bolt/packstream.h"

namespace ferry::bolt {
namespace {

using B = std::vector<uint8_t>;

TEST(Messages, EncodesRequestsAsTaggedStructures) {
  EXPECT_EQ(GoodbyeMessage(), (B{0xB0, 0x02}));
  EXPECT_EQ(ResetMessage(), (B{0xB0, 0x0F}));
  EXPECT_EQ(CommitMessage(), (B{0xB0, 0x12}));
  EXPECT_EQ(RollbackMessage(), (B{0xB0, 0x13}));
  // PULL {n: 1000}
  EXPECT_EQ(PullMessage(1000), (B{0xB1, 0x3F, 0xA1, 0x81, 'n', 0xC9, 0x03, 0xE8}));
  // DISCARD {n: -1, qid: 2}
  EXPECT_EQ(DiscardMessage(-1, 2),
            (B{0xB1, 0x2F, 0xA2, 0x81, 'n', 0xFF, 0x83, 'q', 'i', 'd', 0x02}));
  // RUN "RETURN 1" {} {}
  EXPECT_EQ(RunMessage("RETURN 1", {}, {}),
            (B{0xB3, 0x10, 0x88, 'R', 'E', 'T', 'U', 'R', 'N', ' ', '1', 0xA0, 0xA0}));
}

TEST(Messages, ParsesResponses) {
  Map meta;
  meta.Set("fields", List{"x"});
  B success = {0xB1, 0x70};
  PackStreamWriter(success).WriteMap(meta);
  auto r = ParseResponse(success);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->type, msg::kSuccess);
  EXPECT_EQ(r->metadata, meta);

  auto record = ParseResponse(B{0xB1, 0x71, 0x92, 0x01, 0x81, 'a'});
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->fields, (List{1, "a"}));

  auto ignored = ParseResponse(B{0xB0, 0x7E});
  ASSERT_TRUE(ignored.ok());
  EXPECT_EQ(ignored->type, msg::kIgnored);

  EXPECT_EQ(ParseResponse(B{0xB0, 0x55}).status().code(), "N004");
  EXPECT_EQ(ParseResponse(B{0x01}).status().code(), "N004");
}

}  // namespace
}  // namespace ferry::bolt
