// SPDX-License-Identifier: BSD-3-Clause
#include "runs/jsonpath.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonObject>

namespace batchlab {

JsonPath JsonPath::parse(const QString &text, QString *error)
{
    JsonPath path;
    const auto fail = [&](qsizetype at, const QString &why) {
        if (error)
            *error = RunsTr::tr("character %1: %2").arg(at + 1).arg(why);
        return JsonPath();
    };
    if (error)
        error->clear();
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (text.startsWith(u'$')) {
        i = 1;
        if (i < n && text.at(i) != u'.' && text.at(i) != u'[')
            return fail(i, RunsTr::tr("expected \".\" or \"[\" after \"$\""));
        if (i < n && text.at(i) == u'.')
            ++i;
        if (i == n && n > 1)
            return fail(i - 1, RunsTr::tr("expected a name after \".\""));
    }
    bool expectName = true; // at the start, and after a dot
    while (i < n) {
        const QChar c = text.at(i);
        if (c == u'[') {
            const qsizetype close = text.indexOf(u']', i + 1);
            if (close < 0)
                return fail(i, RunsTr::tr("\"[\" is not closed"));
            bool ok = false;
            const QStringView digits = QStringView(text).sliced(i + 1, close - i - 1);
            const qsizetype index = digits.toLongLong(&ok);
            if (!ok || index < 0 || digits.isEmpty() || !digits.front().isDigit())
                return fail(i + 1, RunsTr::tr("expected an index (0, 1, 2…) in brackets"));
            path.m_steps.emplace_back(index);
            i = close + 1;
            expectName = false;
            if (i < n && text.at(i) != u'.' && text.at(i) != u'[')
                return fail(i, RunsTr::tr("expected \".\" or \"[\" after \"]\""));
            if (i < n && text.at(i) == u'.') {
                ++i;
                if (i == n)
                    return fail(i - 1, RunsTr::tr("expected a name after \".\""));
                expectName = true;
            }
            continue;
        }
        if (c == u']')
            return fail(i, RunsTr::tr("\"]\" without \"[\""));
        if (c == u'.')
            return fail(i, RunsTr::tr("expected a name before \".\""));
        Q_ASSERT(expectName);
        qsizetype end = i;
        while (end < n && text.at(end) != u'.' && text.at(end) != u'[' && text.at(end) != u']')
            ++end;
        path.m_steps.emplace_back(text.mid(i, end - i));
        i = end;
        expectName = false;
        if (i < n && text.at(i) == u'.') {
            ++i;
            if (i == n)
                return fail(i - 1, RunsTr::tr("expected a name after \".\""));
            expectName = true;
        }
    }
    return path;
}

std::optional<QJsonValue> JsonPath::find(const QJsonValue &root) const
{
    QJsonValue at = root;
    for (const Step &step : m_steps) {
        if (const QString *name = std::get_if<QString>(&step)) {
            if (!at.isObject())
                return std::nullopt;
            const QJsonObject object = at.toObject();
            const auto it = object.constFind(*name);
            if (it == object.constEnd())
                return std::nullopt;
            at = *it;
        } else {
            const qsizetype index = std::get<qsizetype>(step);
            if (!at.isArray())
                return std::nullopt;
            const QJsonArray array = at.toArray();
            if (index >= array.size())
                return std::nullopt;
            at = array.at(index);
        }
    }
    return at;
}

} // namespace batchlab
