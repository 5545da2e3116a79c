// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>
#include <variant>
#include <vector>

namespace batchlab {

/// A path into a JSON document, as a check names the value it looks at: members by name,
/// dotted, and array elements by index in brackets (`value[0].id`), with an optional leading
/// `$.` (`$.users[1].name`); `$` or an empty path is the whole document. Parsed once, then
/// followed on every answer without parsing again.
class JsonPath
{
public:
    JsonPath() = default;
    /// The path `text` names; on a malformed one, an empty path and `error` saying why and
    /// where ("character 7: expected a number in brackets").
    static JsonPath parse(const QString &text, QString *error = nullptr);

    /// The value at this path in `root`, or nothing when a member or element is missing (or
    /// what the path steps into is not an object or array).
    std::optional<QJsonValue> find(const QJsonValue &root) const;
    bool isRoot() const { return m_steps.empty(); }
    qsizetype size() const { return qsizetype(m_steps.size()); }

private:
    using Step = std::variant<QString, qsizetype>; ///< a member name or an array index
    std::vector<Step> m_steps;
};

} // namespace batchlab
