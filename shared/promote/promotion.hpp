#pragma once

#include <optional>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "manifest/image_ref.hpp"

namespace gitops::promote {

// What a promotion changes, worked out from file contents alone (no git, no process), so that it
// can be shown (--dry-run), committed, or redone on a newer commit.

enum class ChangeKind { image, field, file };

// One promoted thing: an image (all of its places in the target folder), a field, or a file.
struct Change {
  ChangeKind kind = ChangeKind::image;
  std::string subject;              // image: "web"; field: "values.yaml:image.tag"; file: "a.yaml"
  std::string name;                 // image: as the target writes it ("ghcr.io/acme/web")
  std::vector<std::string> before;  // distinct old values in file order; empty for a new file
  std::string after;                // the new value ("1.3.0"); for a file, its path
  std::vector<std::string> files;   // repository paths written
};

// A file as it was and as the promotion leaves it.
struct EditedFile {
  std::string path;                   // repository path
  std::optional<std::string> before;  // nullopt when the promotion creates the file
  std::string after;
};

struct Promotion {
  std::vector<Change> changes;
  std::vector<EditedFile> files;            // in path order
  std::vector<std::string> only_in_source;  // images only the source uses: left alone
  std::vector<std::string> only_in_target;  // images only the target uses: left alone
  std::vector<std::string> up_to_date;      // selected images and fields that already agree
  // Repository paths of the target a kustomize secretGenerator reads, before or after: their
  // content is never shown (diff/secret_generator.hpp).
  std::vector<std::string> generator_files;

  bool empty() const { return files.empty(); }
};

// A folder of the repository at one commit.
struct Folder {
  std::string path;              // "envs/prod"
  std::string where;             // "HEAD (abc1234)", for messages
  std::vector<git::File> files;  // every file under it, with repository paths
};

// --field FILE:PATH: a value of a file of the folder, by dotted path.
struct FieldSpec {
  std::string file;  // relative to the folder: "values.yaml"
  std::string path;  // "image.tag"
};

// --set-image NAME=REF: the version REF pins, for the images NAME matches.
struct ImageOverride {
  std::string name;  // "web" or "ghcr.io/acme/web"
  manifest::ImageRef ref;
};

// What to promote. With neither images, fields nor files named, every image both folders use.
struct Selection {
  std::vector<std::string> images;  // names (see image_name_matches); empty: all, unless fields
                                    // or files are named
  std::vector<FieldSpec> fields;
  std::vector<std::string> file_globs;  // relative to the folder, fnmatch with '/' literal

  bool promotes_images() const { return !images.empty() || (fields.empty() && file_globs.empty()); }
};

// The target folder edited so that what `selection` names matches the source folder. Throws Error
// for a malformed file, an image the source runs in several versions, a field or file that does
// not exist, or no image in common when images are promoted (messages name the file and line).
Promotion plan_promotion(const Folder& source, const Folder& target, const Selection& selection);

// The target folder edited so that the images each override names run its version.
Promotion plan_image_overrides(const Folder& target, const std::vector<ImageOverride>& overrides);

// Whether the name a user typed means `ref`'s image: the same name once Docker's defaults are
// filled in ("nginx" is "docker.io/library/nginx"), or, for a name without '/', the last component
// ("web" matches "ghcr.io/acme/web").
bool image_name_matches(const std::string& wanted, const manifest::ImageRef& ref);

// "values.yaml:image.tag"; Error when malformed.
FieldSpec parse_field_spec(const std::string& text);

// "web=ghcr.io/acme/web:1.3.0" (REF names the same image and pins a tag or digest), or
// "web=:1.3.0", "web=@sha256:..." for the version alone; Error when malformed.
ImageOverride parse_image_override(const std::string& text);

}  // namespace gitops::promote
