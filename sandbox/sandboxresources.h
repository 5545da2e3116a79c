// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxitemstore.h"
#include "sandbox/sandboxmessages.h"

namespace batchlab {

/// The plain resources of the sandbox API, shared by plain HTTP requests and batch items
/// so that both are answered by the same code:
///
///   GET    /                       index of the routes
///   GET    /users?page=&pageSize=  a page of users (1000 in all)
///   GET    /users/{id}             one user
///   POST   /items                  create an item (201 + Location)
///   GET|PUT|PATCH|DELETE /items/{id}
///   ANY    /echo                   echoes method, path, query, headers and body as JSON;
///                                  with ?raw, the body alone, byte for byte
///   GET    /status/{code}          answers with that status, for deterministic failures
///
/// Items are stateful (PUT replaces, PATCH merges, DELETE removes) until reset(), and their
/// changes can be grouped in a transaction (begin(), commit(), rollback()). Any call
/// with a `cache-control` query parameter gets it back as its Cache-Control header.
///
/// The batch endpoints are the server's (SandboxServer), not resources; they are listed in
/// the index all the same, and every batch item, of any format, ends up here:
///
///   POST   /$batch                 JSON batch, or multipart/mixed as OData 4.0
///   POST   /batch                  multipart/mixed as Google APIs
///   POST   /rpc                    JSON-RPC 2.0: users.get, items.get, echo, status
class SandboxResources
{
public:
    static constexpr int kUserCount = 1000;
    static constexpr int kInitialItemCount = SandboxItemStore::kInitialItemCount;

    SandboxReply handle(const SandboxCall &call);
    /// Forgets every change made to items.
    void reset();

    /// A transaction over the stateful resources, for a change set or an atomicity group:
    /// rollback() undoes every change handle() made since begin(). They do not nest.
    void begin() { m_items.begin(); }
    void commit() { m_items.commit(); }
    void rollback() { m_items.rollback(); }

private:
    SandboxReply index() const;
    SandboxReply users(const SandboxCall &call) const;
    SandboxReply user(QStringView id) const;
    SandboxReply item(const SandboxCall &call, QStringView id);
    SandboxReply createItem(const SandboxCall &call);
    SandboxReply echo(const SandboxCall &call) const;
    SandboxReply status(QStringView code) const;

    SandboxItemStore m_items;
};

} // namespace batchlab
