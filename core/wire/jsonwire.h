// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/httpheaders.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace batchlab {

/// What the two JSON codecs (JSON batch, JSON-RPC) read and write alike.
namespace jsonwire {

/// application/json and any +json type.
bool isJsonType(const QByteArray &contentType);
/// The JSON text of any value; QJsonDocument writes only objects and arrays.
QByteArray text(const QJsonValue &value);
/// The item an id we sent stands for ("0", "1", … up to count - 1), or -1.
int itemIndex(const QString &id, int count);
/// `json` (valid JSON) without the whitespace between its tokens, every token kept as written:
/// numbers keep all their digits, which QJsonValue would round to a double, and objects their
/// key order.
QByteArray compact(QByteArrayView json);
/// The compact raw text of the value `member` has in each object of an array: the document
/// itself (`arrayKey` empty) or its member `arrayKey`. An entry is null where the element is
/// not an object or lacks the member. `json` must be valid JSON (parse it first).
/// With `asWritten`, each value exactly as the text has it, whitespace included.
QList<QByteArray> rawMembers(QByteArrayView json, QByteArrayView arrayKey, QByteArrayView member,
                             bool asWritten = false);
/// A batch answer's body as JSON, or nullopt with `error` saying why (a content type that is
/// not JSON, or where the parser gave up).
std::optional<QJsonDocument> readAnswer(const HttpHeaders &headers, const QByteArray &body,
                                        QString *error);

} // namespace jsonwire

} // namespace batchlab
