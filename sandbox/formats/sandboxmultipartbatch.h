// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxbatchrunner.h"
#include "sandbox/sandboxmessages.h"

namespace batchlab {

/// The multipart batch format of OData 4.0 (§11.7) and Google APIs, as the sandbox reads and
/// writes it: a `multipart/mixed` request whose parts are `application/http` requests, possibly
/// grouped in change sets (nested `multipart/mixed` parts, atomic: see answersOf()), answered by a `multipart/mixed`
/// response that mirrors the request part for part. Input may use CRLF or bare LF; output is
/// CRLF, with a boundary that occurs in no part, and bodies byte for byte.
class SandboxMultipartBatch
{
public:
    enum class Style {
        /// `POST /$batch`: part targets relative to the service root, as OData requires (an
        /// absolute one is refused); each answer carries its request's Content-ID unchanged
        OData,
        /// `POST /batch`: part targets as absolute paths or relative; the Content-ID gets a
        /// "response-" prefix
        Google,
    };

    /// Parses a batch request. `outerHeaders` are those of the HTTP request: all but the
    /// Content-* and connection headers apply to every part that does not set them itself.
    /// On failure returns false and sets `error` to a 400 reply that names what is wrong and
    /// where (e.g. "part 2.1: bad request line").
    static bool parseRequest(const QByteArray &contentType, const QByteArray &body,
                             const HttpHeaders &outerHeaders, Style style, int maxItems,
                             QList<SandboxBatchItem> *items, SandboxReply *error);
    /// What the answer carries: every item reached, in request order, except that a change
    /// set that failed is answered by its failing request alone, as a plain part with that
    /// request's Content-ID (OData 4.0 §11.7.4, as SAP CAP does); one that succeeded keeps its
    /// answers inside a nested multipart.
    static QList<SandboxBatchAnswer> answersOf(const QList<SandboxBatchItem> &items,
                                               const SandboxBatchRun &run);
    /// The answer, following `layout` (truncation aside); sets `contentType` to the multipart
    /// type with the boundary used. Linear in the size of the answer.
    static QByteArray encodeResponse(const QList<SandboxBatchAnswer> &answers,
                                     const SandboxAnswerLayout &layout, Style style,
                                     QByteArray *contentType);
};

} // namespace batchlab
