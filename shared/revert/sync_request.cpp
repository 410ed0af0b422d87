#include "revert/sync_request.hpp"

namespace gitops::revert {

sync::SyncRequest sync_request_for(const git::Repository& repository, const sync::AppRecord& record,
                                   const git::Commit& commit, sync::SyncKind kind,
                                   const pipeline::RenderOptions& render) {
  sync::SyncRequest request;
  request.source.repository = &repository;
  request.source.commit = commit;
  request.source.revision = commit.sha;
  request.source.paths = record.paths;
  request.source.render = render;
  request.source.render.release = record.name;
  request.source.ignore = pipeline::ignore_rules_at(repository, request.source.commit);
  request.app = record.name;
  request.record_namespace = record.record_namespace;
  request.prune = record.prune;
  request.kind = kind;
  return request;
}

}  // namespace gitops::revert
