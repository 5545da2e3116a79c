// SPDX-License-Identifier: BSD-3-Clause
#include "wire/jsonwire.h"
#include "wire/wiretr.h"

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

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Walks JSON that is known to be valid; it never needs to report an error.
struct Scanner
{
    const char *p;
    const char *end;

    void space()
    {
        while (p < end && isSpace(*p))
            ++p;
    }
    /// A string's raw contents, escapes left as written; `p` ends past the closing quote.
    QByteArrayView string()
    {
        const char *start = ++p;
        while (p < end && *p != '"')
            p += *p == '\\' ? 2 : 1;
        const QByteArrayView contents(start, std::min(p, end) - start);
        ++p;
        return contents;
    }
    void value()
    {
        space();
        if (p >= end)
            return;
        if (*p == '"') {
            string();
        } else if (*p == '{' || *p == '[') {
            int depth = 0;
            do {
                if (*p == '"') {
                    string();
                    continue;
                }
                depth += (*p == '{' || *p == '[') ? 1 : (*p == '}' || *p == ']') ? -1 : 0;
                ++p;
            } while (p < end && depth > 0);
        } else {
            while (p < end && !isSpace(*p) && *p != ',' && *p != '}' && *p != ']')
                ++p;
        }
    }
    /// In an object: past its closing '}'.
    void rest()
    {
        for (;;) {
            space();
            if (p >= end || *p == '}') {
                ++p;
                return;
            }
            if (*p == ',') {
                ++p;
                continue;
            }
            string();
            space();
            ++p; // ':'
            value();
        }
    }
    /// In an object, just after '{' or ',': moves to the value of `key` and returns true, or
    /// to past the closing '}' and returns false.
    bool findMember(QByteArrayView key)
    {
        for (;;) {
            space();
            if (p >= end || *p == '}') {
                ++p;
                return false;
            }
            if (*p == ',') {
                ++p;
                continue;
            }
            const QByteArrayView name = string();
            space();
            ++p; // ':'
            space();
            if (name == key)
                return true;
            value();
        }
    }
};

} // namespace

QByteArray compact(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    bool inString = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < json.size())
                out += json[++i];
            else if (c == '"')
                inString = false;
        } else if (!isSpace(c)) {
            out += c;
            inString = c == '"';
        }
    }
    return out;
}

QList<QByteArray> rawMembers(QByteArrayView json, QByteArrayView arrayKey, QByteArrayView member,
                             bool asWritten)
{
    QList<QByteArray> out;
    // Qt's parser skips a UTF-8 byte-order mark, so the same text must be readable here.
    if (json.startsWith("\xEF\xBB\xBF"))
        json = json.sliced(3);
    Scanner s{json.data(), json.data() + json.size()};
    s.space();
    if (!arrayKey.isEmpty()) {
        if (s.p >= s.end || *s.p != '{')
            return out;
        ++s.p;
        if (!s.findMember(arrayKey))
            return out;
    }
    if (s.p >= s.end || *s.p != '[')
        return out;
    ++s.p;
    for (;;) {
        s.space();
        if (s.p >= s.end || *s.p == ']')
            return out;
        if (*s.p == ',') {
            ++s.p;
            continue;
        }
        QByteArray raw;
        if (*s.p == '{') {
            ++s.p;
            if (s.findMember(member)) {
                const char *start = s.p;
                s.value();
                const QByteArrayView value(start, s.p - start);
                raw = asWritten ? value.toByteArray() : compact(value);
                s.rest();
            }
        } else {
            s.value();
        }
        out.append(raw);
    }
}

std::optional<QJsonDocument> readAnswer(const HttpHeaders &headers, const QByteArray &body,
                                        QString *error)
{
    const QByteArray contentType = headerValue(headers, "content-type");
    if (!contentType.isEmpty() && !isJsonType(contentType)) {
        *error = WireTr::tr("batch answer has content type %1, not JSON")
                     .arg(QString::fromLatin1(contentType));
        return std::nullopt;
    }
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = WireTr::tr("batch answer is not JSON: %1 at offset %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    return doc;
}

} // namespace batchlab::jsonwire
