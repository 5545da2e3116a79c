// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "transport/wireexchange.h"

#include <QByteArrayView>
#include <QString>

#include <functional>

namespace batchlab {

/// One HTTP request as one curl command line that sends the same bytes: the method, the URL,
/// the given headers (none that Qt adds itself, so curl adds its own Host, User-Agent and
/// Accept) and the body with --data-binary, byte for byte. Copy as cURL of the workbench: a
/// request of the editor as Send sends it, and a batch envelope as the WireLog recorded it, so
/// that a failing batch can be replayed against a server by hand.
class CurlCommand
{
public:
    /// Which values the line hides: the credentials of headers for which `isSensitive` holds,
    /// and (for a request of a set) the values of secret variables, written as `placeholder`.
    /// A default Hiding hides nothing.
    struct Hiding
    {
        std::function<bool(QByteArrayView name)> isSensitive;
        QByteArray placeholder;

        bool hides() const { return bool(isSensitive); }
    };

    /// The line of a batch (or plain call) as it went over the wire; empty with `error` saying
    /// why when it cannot be copied exactly (the WireLog kept only part of the body).
    static QString forExchange(const WireExchange &exchange, const Hiding &hiding, QString *error);
    /// The line of request `row` of `set` as Send sends it: variables resolved (the active
    /// environment's first), relative URLs joined to `base`, the target's headers after the
    /// request's own unless it sets them itself. Empty with `error` set when it cannot be sent.
    static QString forRequest(const RequestSet &set, int row, const QUrl &base, const Hiding &hiding,
                              QString *error);
    /// The line for these parts, headers as given; empty with `error` set when one cannot be
    /// carried by a command line (a NUL or line break in the URL or a header).
    static QString write(const QByteArray &method, const QUrl &url, const HttpHeaders &headers,
                         const QByteArray &body, QString *error);

    /// `bytes` as one POSIX shell word that gives them back exactly: '…' for printable UTF-8
    /// text, else $'…' with the other bytes escaped (\n, \r, \t, \xHH). Never holds a NUL.
    static QString word(QByteArrayView bytes);

    /// Longer bodies go through a pipe (printf | curl --data-binary @-): Linux refuses a
    /// single argument of more than 128 KiB to a program, but not to the shell's printf.
    static constexpr qsizetype kMaxArgumentBytes = 64 * 1024;
};

} // namespace batchlab
