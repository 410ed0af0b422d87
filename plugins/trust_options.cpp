#include "trust_options.hpp"

#include "error.hpp"
#include "sync/record_store.hpp"
#include "trust/sign.hpp"

namespace gitops::plugins {

trust::ToolOptions tool_options(const cli::CommonOptions& common, const std::string& program,
                                std::ostream& err) {
  const auto kubectl = common.kubectl_options(program, err);
  return trust::ToolOptions{kubectl.timeout, kubectl.log};
}

std::optional<trust::Verifier> verifier(const cli::TrustFlags& flags,
                                        const cli::CommonOptions& common,
                                        const git::Repository& repository,
                                        const std::string& program, std::ostream& err) {
  if (!flags.verifies())
    return std::nullopt;
  return trust::Verifier(repository, *trust::verify_mode(flags.verify_signatures),
                         trust::TrustRoots{flags.allowed_signers, flags.trusted_keys},
                         tool_options(common, program, err));
}

git::SignCommit commit_signer(const cli::SignFlags& flags, const cli::CommonOptions& common,
                              const git::Writer& writer, const std::string& program,
                              std::ostream& err) {
  return trust::commit_signer(writer, flags.key(), tool_options(common, program, err));
}

std::optional<git::Commit> last_synced_commit(kube::ApiClient& api,
                                              const std::string& record_namespace,
                                              const std::string& app,
                                              const git::Repository& repository) {
  const auto record = sync::load_record(api, record_namespace, app);
  const auto* current = record ? record->current() : nullptr;
  if (!current)
    return std::nullopt;
  auto commit = repository.find_commit(current->commit);
  if (!commit)
    throw Error("cannot check the commits since app " + app + "'s last synced commit " +
                    current->commit.substr(0, 7) +
                    " (--verify-signatures strict): this repository does not have it; fetch it",
                ErrorKind::not_found);
  return commit;
}

diff::SignatureInfo signature_info(const trust::Signer& signer) {
  return diff::SignatureInfo{signer.format, signer.principal, signer.fingerprint};
}

}  // namespace gitops::plugins
