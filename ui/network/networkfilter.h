// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/calldirectory.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace batchlab {

/// The network list's filter, in the manner of the DevTools Network panel: words separated by
/// spaces, all of which must match; a word starting with "-" must not. A word is free text
/// (in the name, method, URL or how the call was served: "cached", "shared", "plain"), or one
/// of `status-code:500` (also `5xx`), `method:POST`, `batch:12`, `larger-than:1k` (k = 1024,
/// M = 1024²), `is:cached|shared|plain|batched|failed|pending`, `name:text`, `url:text`,
/// `check:failed` (a check of its request's expectation broke on its answer).
class NetworkFilter
{
public:
    /// `problem` names the first word that could not be read (the rest still apply).
    static NetworkFilter parse(const QString &text, QString *problem = nullptr);

    bool isEmpty() const { return m_terms.empty(); }
    bool matches(const CallRecord &record, const CallLabel &label) const;

    /// "cached", "shared", "plain" or "batched" (empty while pending or when it never went).
    static QString servedAs(const CallRecord &record);

private:
    enum class Kind : quint8 { Text, Status, StatusClass, Method, Batch, LargerThan, Is, Name, Url, CheckFailed };
    struct Term
    {
        Kind kind = Kind::Text;
        bool negated = false;
        QString text;
        qint64 number = 0;
    };
    bool matches(const Term &term, const CallRecord &record, const CallLabel &label) const;

    std::vector<Term> m_terms;
};

} // namespace batchlab
