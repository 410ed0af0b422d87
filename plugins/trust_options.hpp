#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "cli/common_options.hpp"
#include "cli/trust_flags.hpp"
#include "diff/report.hpp"
#include "git/commit.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "kube/api_client.hpp"
#include "trust/verify.hpp"

namespace gitops::plugins {

// How ssh-keygen, gpgv and gpg run: kubectl's timeout, and with -v their command lines on `err`.
trust::ToolOptions tool_options(const cli::CommonOptions& common, const std::string& program,
                                std::ostream& err);

// The verifier --verify-signatures asks for; nullopt without it.
std::optional<trust::Verifier> verifier(const cli::TrustFlags& flags,
                                        const cli::CommonOptions& common,
                                        const git::Repository& repository,
                                        const std::string& program, std::ostream& err);

// How the commits gitpromote and gitrevert make are signed (-S, or git's configuration).
git::SignCommit commit_signer(const cli::SignFlags& flags, const cli::CommonOptions& common,
                              const git::Writer& writer, const std::string& program,
                              std::ostream& err);

// Where --verify-signatures strict starts: the commit the app's record says the cluster runs;
// nullopt when the app was never synced (its whole history is then checked). Error when the
// repository does not have that commit.
std::optional<git::Commit> last_synced_commit(kube::ApiClient& api,
                                              const std::string& record_namespace,
                                              const std::string& app,
                                              const git::Repository& repository);

// A signer as gitdiff's report shows it.
diff::SignatureInfo signature_info(const trust::Signer& signer);

}  // namespace gitops::plugins
