#include "jsonwire.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonParseError>

namespace batchlab::jsonwire {

bool isJsonType(const QByteArray &contentType)
{
    const QByteArray type = contentType.toLower();
    return type.startsWith("application/json") || type.contains("+json");
}

QByteArray text(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

int itemIndex(const QString &id, int count)
{
    bool ok = false;
    const int index = id.toInt(&ok);
    // "01" or " 1" is not an id we sent, even though it parses.
    return ok && index >= 0 && index < count && QString::number(index) == id ? index : -1;
}

std::optional<QJsonDocument> readAnswer(const HttpHeaders &headers, const QByteArray &body,
                                        QString *error)
{
    const auto tr
        = [](const char *s) { return QCoreApplication::translate("batchlab::JsonBatchCodec", s); };
    const QByteArray contentType = headerValue(headers, "content-type");
    if (!contentType.isEmpty() && !isJsonType(contentType)) {
        *error = tr("batch answer has content type %1, not JSON")
                     .arg(QString::fromLatin1(contentType));
        return std::nullopt;
    }
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("batch answer is not JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    return doc;
}

} // namespace batchlab::jsonwire
