// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/httpheaders.h"

#include <QString>

namespace batchlab {

/// How the Wire view writes an HTTP message for people: header lines with credentials
/// (isSensitiveHeader()) masked unless `reveal`, and a body pretty-printed when it is JSON, or
/// split part by part when it is multipart (each part's own header lines and those of the
/// HTTP message it carries masked the same way). `hides`, when given, is set when something
/// was (or would be) masked.
struct WireFormat
{
    bool reveal = false;
    bool pretty = true; ///< false: the body's bytes as they are
    bool *hides = nullptr;

    QString headers(const HttpHeaders &headers) const;
    QString body(const HttpHeaders &headers, const QByteArray &body) const;

private:
    QString headerLine(QByteArrayView name, QByteArrayView value) const;
    QString multipart(const QByteArray &boundary, const QByteArray &body, int depth) const;
    QString part(const QByteArray &part, int depth) const;
    QString maskedLines(const QByteArray &block) const;
    QString maskedJson(const QString &json) const;
    QString text(const QByteArray &contentType, const QByteArray &body, int depth) const;
};

} // namespace batchlab
