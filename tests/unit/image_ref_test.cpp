#include <gtest/gtest.h>

#include "manifest/image_ref.hpp"

namespace {

using gitops::manifest::ImageRef;
using gitops::manifest::ImageVersion;
using gitops::manifest::parse_image_ref;

ImageRef parsed(const std::string& text) {
  auto ref = parse_image_ref(text);
  EXPECT_TRUE(ref.has_value()) << text;
  return ref.value_or(ImageRef{});
}

TEST(ImageRef, SplitsRegistryRepositoryAndTag) {
  const ImageRef ref = parsed("ghcr.io/acme/web:1.3.0");
  EXPECT_EQ(ref.name, "ghcr.io/acme/web");
  EXPECT_EQ(ref.registry(), "ghcr.io");
  EXPECT_EQ(ref.repository(), "acme/web");
  EXPECT_EQ(ref.version.tag, "1.3.0");
  EXPECT_EQ(ref.version.digest, "");
  EXPECT_EQ(ref.short_name(), "web");
}

TEST(ImageRef, RegistryPortIsNotATag) {
  const ImageRef tagged = parsed("localhost:5000/web:1.2");
  EXPECT_EQ(tagged.name, "localhost:5000/web");
  EXPECT_EQ(tagged.registry(), "localhost:5000");
  EXPECT_EQ(tagged.repository(), "web");
  EXPECT_EQ(tagged.version.tag, "1.2");

  const ImageRef untagged = parsed("registry.example.com:5000/team/web");
  EXPECT_EQ(untagged.name, "registry.example.com:5000/team/web");
  EXPECT_EQ(untagged.version.tag, "");
  EXPECT_EQ(untagged.registry(), "registry.example.com:5000");
}

TEST(ImageRef, ReadsDigestWithAndWithoutTag) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  const ImageRef both = parsed("localhost:5000/web:1.2@" + digest);
  EXPECT_EQ(both.name, "localhost:5000/web");
  EXPECT_EQ(both.version.tag, "1.2");
  EXPECT_EQ(both.version.digest, digest);
  EXPECT_EQ(both.str(), "localhost:5000/web:1.2@" + digest);

  const ImageRef only_digest = parsed("nginx@" + digest);
  EXPECT_EQ(only_digest.name, "nginx");
  EXPECT_EQ(only_digest.version.tag, "");
  EXPECT_EQ(only_digest.version.digest, digest);
}

TEST(ImageRef, FirstComponentIsARegistryOnlyWhenItLooksLikeAHost) {
  EXPECT_EQ(parsed("team/web:1").registry(), "");
  EXPECT_EQ(parsed("localhost/web").registry(), "localhost");
  EXPECT_EQ(parsed("my.registry/web").registry(), "my.registry");
}

TEST(ImageRef, CanonicalNameFillsInDockerHubDefaults) {
  EXPECT_EQ(parsed("nginx:1.25").canonical_name(), "docker.io/library/nginx");
  EXPECT_EQ(parsed("docker.io/nginx").canonical_name(), "docker.io/library/nginx");
  EXPECT_EQ(parsed("index.docker.io/library/nginx").canonical_name(), "docker.io/library/nginx");
  EXPECT_EQ(parsed("bitnami/redis").canonical_name(), "docker.io/bitnami/redis");
  EXPECT_EQ(parsed("ghcr.io/acme/web").canonical_name(), "ghcr.io/acme/web");
  EXPECT_EQ(parsed("localhost:5000/web").canonical_name(), "localhost:5000/web");
}

TEST(ImageRef, RejectsWhatIsNotAReference) {
  for (const std::string& text : std::vector<std::string>{
           "", "${IMAGE}", "{{ .Values.image }}", "Web:1", "web:", "web@sha256:short", "web:1 2",
           "ghcr.io//web", "web:-1", ":1.0", "web:" + std::string(129, 'a')}) {
    EXPECT_FALSE(parse_image_ref(text).has_value()) << text;
  }
}

TEST(ImageVersion, DescribesForPeopleWithShortDigests) {
  const std::string digest = "sha256:0123456789abcdef" + std::string(48, '0');
  EXPECT_EQ((ImageVersion{"1.3.0", ""}).describe(), "1.3.0");
  EXPECT_EQ((ImageVersion{"1.3.0", digest}).describe(), "1.3.0@sha256:0123456789ab");
  EXPECT_EQ((ImageVersion{"", digest}).describe(), "sha256:0123456789ab");
  EXPECT_EQ((ImageVersion{"", ""}).describe(), "(untagged)");
  EXPECT_EQ((ImageVersion{"1.3.0", digest}).suffix(), ":1.3.0@" + digest);
}

}  // namespace
