// Errors say what kind of failure they are, so callers decide by kind, never by message.

#include <gtest/gtest.h>

#include "error.hpp"
#include "kube/http.hpp"
#include "kube/kubectl.hpp"

namespace gitops::testing {
namespace {

ErrorKind kind_of_response(int status) {
  try {
    kube::throw_response_failure({status, "text/plain", "no", 0}, "cannot read it");
  } catch (const Error& error) {
    return error.kind();
  }
  ADD_FAILURE() << "no error";
  return ErrorKind::failed;
}

ErrorKind kind_of_kubectl(const std::string& err) {
  kube::ProcessResult result;
  result.exit_code = 1;
  result.err = err;
  try {
    kube::throw_kubectl_failure(result, "cannot read it");
  } catch (const Error& error) {
    return error.kind();
  }
  ADD_FAILURE() << "no error";
  return ErrorKind::failed;
}

TEST(ErrorKind, ResponseStatusSaysTheKind) {
  EXPECT_EQ(kind_of_response(403), ErrorKind::forbidden);
  EXPECT_EQ(kind_of_response(401), ErrorKind::forbidden);
  EXPECT_EQ(kind_of_response(404), ErrorKind::not_found);
  EXPECT_EQ(kind_of_response(409), ErrorKind::conflict);
  EXPECT_EQ(kind_of_response(422), ErrorKind::invalid_input);
  EXPECT_EQ(kind_of_response(502), ErrorKind::unreachable);
  EXPECT_EQ(kind_of_response(418), ErrorKind::failed);
}

TEST(ErrorKind, KubectlsWordsSayTheKind) {
  EXPECT_EQ(kind_of_kubectl("Error from server (Forbidden): configmaps is forbidden: User \"v\""),
            ErrorKind::forbidden);
  EXPECT_EQ(kind_of_kubectl("Error from server (NotFound): configmaps \"a\" not found"),
            ErrorKind::not_found);
  EXPECT_EQ(kind_of_kubectl("Error from server (AlreadyExists): leases \"l\" already exists"),
            ErrorKind::conflict);
  EXPECT_EQ(kind_of_kubectl("The connection to the server 127.0.0.1:1 was refused - did you "
                            "specify the right host or port?"),
            ErrorKind::unreachable);
  EXPECT_EQ(kind_of_kubectl("error: something else"), ErrorKind::failed);
}

TEST(ErrorKind, LibraryErrorsAreInvalidInputUnlessTheySay) {
  EXPECT_EQ(Error("bad flag").kind(), ErrorKind::invalid_input);
  EXPECT_EQ(Error("gone", ErrorKind::not_found).kind(), ErrorKind::not_found);
  EXPECT_EQ(Error("gone", ErrorKind::not_found).exit_code(), 2);
}

}  // namespace
}  // namespace gitops::testing
