// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "wire/batchcodec.h"

namespace batchlab {

/// JSON-RPC 2.0 batches (https://www.jsonrpc.org/specification): an array of request objects
/// answered by an array of response objects in any order, matched by id.
///
/// A call names its method by the last segment of its URL and carries its params as its body:
/// `POST http://host/rpc/users.get` with body `{"id": 1}` travels as
/// `{"jsonrpc":"2.0","method":"users.get","params":{"id":1},"id":"0"}`. The HTTP method is not
/// sent; it tells Batchlab how to treat the call (GET: idempotent, cacheable, retried). A call
/// with the header `X-Batchlab-Notification: true` is sent as a notification, without an id;
/// it settles with 204 once the server took the batch.
///
/// An error object becomes an error of its caller: Rpc with the object's code, or Http when its
/// `data.status` names an HTTP failure status (4xx or 5xx) (so a throttled or failed call is retried like one).
/// Decoding is strict and total: whatever the server sends gives items or an error.
class JsonRpcBatchCodec final : public BatchCodec
{
public:
    static constexpr QByteArrayView kNotificationHeader = "x-batchlab-notification";

    QString name() const override { return QStringLiteral("jsonrpc"); }
    /// A single call is one JSON-RPC request object, not a plain HTTP request.
    bool sendsPlainAsIs() const override { return false; }
    EncodedRequest encode(const BatchRequest &request) const override;
    DecodedBatch decode(const BatchRequest &request, const HttpHeaders &headers,
                        const QByteArray &body) const override;

    /// The method a call names: the last segment of its URL path.
    static QString methodOf(const RequestSpec &spec);
    static bool isNotification(const RequestSpec &spec);
};

} // namespace batchlab
