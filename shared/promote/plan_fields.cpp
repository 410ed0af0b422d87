// Promoting fields: a value of a file of the target takes the value of the same file and path in
// the source (values.yaml:image.tag, release.yaml:spec.chart.spec.version).

#include "promote/plan_fields.hpp"

#include <yaml-cpp/yaml.h>

#include "diff/secret_data.hpp"
#include "diff/secret_file.hpp"
#include "diff/secret_generator.hpp"
#include "error.hpp"
#include "manifest/render.hpp"
#include "manifest/yaml_path.hpp"
#include "manifest/yaml_scalar.hpp"
#include "promote/generator_files.hpp"

namespace gitops::promote {
namespace {

struct FoundValue {
  const manifest::YamlText* yaml;
  YAML::Node node;
};

// The value at `path` in the first document of the file that has it; Error when none does or it
// is not a scalar.
FoundValue find_value(FolderFiles& files, const std::string& relative,
                      const std::vector<manifest::PathStep>& path) {
  const std::string file = files.path_of(relative);
  const manifest::YamlText& yaml = files.yaml(file);
  const std::string shown = manifest::format_value_path(path);
  for (const YAML::Node& document : yaml.documents) {
    if (auto node = manifest::node_at(document, path)) {
      if (!node->IsScalar()) {
        const int line = node->Mark().is_null() ? 0 : node->Mark().line + 1;
        throw Error(quoted(shown) + " in " + quoted(file) + " at line " + std::to_string(line) +
                    " is not a single value (a mapping, a list or null); name a value inside it");
      }
      return FoundValue{&yaml, *node};
    }
  }
  throw Error(quoted(file) + " has no " + quoted(shown) + " at " + files.folder().where);
}

// How the source's value is to be written: a plain scalar that some reader types as something else
// than a string (5, true, 2024-01-31) is copied as it is, as the source has it; anything else must
// stay the same string.
manifest::ScalarKind kind_of(const YAML::Node& node) {
  return node.Tag() == "?" && manifest::plain_reads_as_other_type(node.Scalar())
             ? manifest::ScalarKind::typed
             : manifest::ScalarKind::string;
}

// Whether the value a field names is secret: it is in a file that holds a Secret, in a
// secretGenerator of a kustomization, or in a file a secretGenerator reads.
bool is_secret_field(const FoundValue& from, const FoundValue& to, const FieldSpec& field,
                     const std::vector<manifest::PathStep>& path,
                     const std::vector<std::string>& generator_files) {
  return diff::holds_secret(from.yaml->text) || diff::holds_secret(to.yaml->text) ||
         (manifest::is_kustomization_file(field.file) && path.front().key == "secretGenerator") ||
         diff::read_by_secret_generator(generator_files, to.yaml->path);
}

}  // namespace

void plan_fields(FolderFiles& source, FolderFiles& target, const std::vector<FieldSpec>& fields,
                 EditSet& edits, Promotion& promotion) {
  const std::vector<std::string> generator_files =
      fields.empty() ? std::vector<std::string>()
                     : secret_generator_files(&source.folder(), target.folder(), {});
  for (const FieldSpec& field : fields) {
    const auto path = manifest::parse_value_path(field.path);
    const FoundValue from = find_value(source, field.file, path);
    const FoundValue to = find_value(target, field.file, path);
    const std::string value = from.node.Scalar();
    const std::string subject = field.file + ":" + field.path;
    // Secret values leave here masked, as gitdiff's comparer does it: every summary, JSON report
    // and commit message is made from the change.
    const bool secret = is_secret_field(from, to, field, path, generator_files);
    if (to.node.Scalar() == value) {
      promotion.up_to_date.push_back(subject + " " + (secret ? diff::kMasked : value));
      continue;
    }
    edits.edit(*to.yaml, manifest::replace_scalar(*to.yaml, to.node, value, kind_of(from.node)));
    Change change;
    change.kind = ChangeKind::field;
    change.subject = subject;
    change.name = subject;
    change.before = {secret ? diff::kMaskedBefore : to.node.Scalar()};
    change.after = secret ? diff::kMaskedAfter : value;
    change.files = {to.yaml->path};
    promotion.changes.push_back(std::move(change));
  }
}

}  // namespace gitops::promote
