// Linked only into the static release build (GITOPS_STATIC). Debian's libgit2 archive is built with
// HTTP "Negotiate" (Kerberos SPNEGO) authentication, and Debian ships the Kerberos GSSAPI library
// only as a shared one. The plugins never offer the default credential that scheme needs
// (shared/git/credentials.cpp offers an SSH key, a user name or a token), so libgit2 never picks
// it; these definitions satisfy the linker and fail cleanly should it ever be reached, instead of
// tying the release binaries to libgssapi_krb5 and its five Kerberos libraries.

#include <cstdint>

namespace {

using Status = std::uint32_t;           // OM_uint32
constexpr Status kFailure = 13U << 16;  // GSS_S_FAILURE: "unspecified failure"

Status unavailable(Status* minor_status) {
  if (minor_status != nullptr)
    *minor_status = 0;
  return kFailure;
}

}  // namespace

extern "C" {

void* GSS_C_NT_HOSTBASED_SERVICE = nullptr;

Status gss_indicate_mechs(Status* minor_status, void** /*mech_set*/) {
  return unavailable(minor_status);
}

Status gss_display_status(Status* minor_status, Status /*status_value*/, int /*status_type*/,
                          void* /*mech_type*/, Status* /*message_context*/,
                          void* /*status_string*/) {
  return unavailable(minor_status);
}

Status gss_import_name(Status* minor_status, void* /*input_name*/, void* /*input_name_type*/,
                       void** /*output_name*/) {
  return unavailable(minor_status);
}

Status gss_init_sec_context(Status* minor_status, void* /*claimant_cred*/, void** /*context*/,
                            void* /*target_name*/, void* /*mech_type*/, Status /*req_flags*/,
                            Status /*time_req*/, void* /*channel_bindings*/, void* /*input_token*/,
                            void** /*actual_mech_type*/, void* /*output_token*/,
                            Status* /*ret_flags*/, Status* /*time_rec*/) {
  return unavailable(minor_status);
}

Status gss_delete_sec_context(Status* minor_status, void** /*context*/, void* /*output_token*/) {
  return unavailable(minor_status);
}

Status gss_release_buffer(Status* minor_status, void* /*buffer*/) {
  return unavailable(minor_status);
}

Status gss_release_name(Status* minor_status, void** /*name*/) {
  return unavailable(minor_status);
}

Status gss_release_oid_set(Status* minor_status, void** /*set*/) {
  return unavailable(minor_status);
}

}  // extern "C"
