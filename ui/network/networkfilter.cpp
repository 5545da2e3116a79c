// SPDX-License-Identifier: BSD-3-Clause
#include "network/networkfilter.h"
#include "network/networktr.h"

namespace batchlab {

namespace {

/// "1k" = 1024, "2.5M" = 2.5 × 1024², "300" = 300; -1 when it is not a size.
qint64 parseSize(QString text)
{
    double factor = 1;
    if (text.endsWith(u'k', Qt::CaseInsensitive)) {
        factor = 1024;
        text.chop(1);
    } else if (text.endsWith(u'M')) {
        factor = 1024.0 * 1024.0;
        text.chop(1);
    }
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok && value >= 0 ? qint64(value * factor) : -1;
}

} // namespace

QString NetworkFilter::servedAs(const CallRecord &record)
{
    if (record.pending())
        return {};
    if (record.cached)
        return QStringLiteral("cached");
    if (record.shared)
        return QStringLiteral("shared");
    if (record.batchId == 0)
        return {};
    return record.plain ? QStringLiteral("plain") : QStringLiteral("batched");
}

NetworkFilter NetworkFilter::parse(const QString &text, QString *problem)
{
    NetworkFilter filter;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (QString word : words) {
        Term term;
        if (word.size() > 1 && word.startsWith(u'-')) {
            term.negated = true;
            word.remove(0, 1);
        }
        const qsizetype colon = word.indexOf(u':');
        const QString key = colon > 0 ? word.left(colon).toLower() : QString();
        const QString value = colon > 0 ? word.mid(colon + 1) : word;
        bool ok = true;
        if (key == QLatin1String("status-code")) {
            if (value.size() == 3 && value.endsWith(QLatin1String("xx"), Qt::CaseInsensitive)) {
                term.kind = Kind::StatusClass;
                term.number = value.left(1).toInt(&ok);
            } else {
                term.kind = Kind::Status;
                term.number = value.toInt(&ok);
            }
        } else if (key == QLatin1String("method")) {
            term.kind = Kind::Method;
            term.text = value.toUpper();
            ok = !value.isEmpty();
        } else if (key == QLatin1String("batch")) {
            term.kind = Kind::Batch;
            term.number = value.toLongLong(&ok);
        } else if (key == QLatin1String("larger-than")) {
            term.kind = Kind::LargerThan;
            term.number = parseSize(value);
            ok = term.number >= 0;
        } else if (key == QLatin1String("is")) {
            term.kind = Kind::Is;
            term.text = value.toLower();
            static const QStringList known = {QStringLiteral("cached"), QStringLiteral("shared"),
                                              QStringLiteral("plain"),  QStringLiteral("batched"),
                                              QStringLiteral("failed"), QStringLiteral("pending")};
            ok = known.contains(term.text);
        } else if (key == QLatin1String("check")) {
            term.kind = Kind::CheckFailed;
            ok = value.compare(QLatin1String("failed"), Qt::CaseInsensitive) == 0;
        } else if (key == QLatin1String("name")) {
            term.kind = Kind::Name;
            term.text = value;
        } else if (key == QLatin1String("url")) {
            term.kind = Kind::Url;
            term.text = value;
        } else {
            term.text = word; // as DevTools does: an unknown key is text ("http://…" too)
        }
        if (!ok) {
            if (problem && problem->isEmpty())
                *problem = NetworkTr::tr("\"%1\" is not a filter this list knows: try status-code:500, "
                                         "method:POST, batch:12, larger-than:1k, is:cached or check:failed")
                               .arg(word);
            continue;
        }
        filter.m_terms.push_back(std::move(term));
    }
    return filter;
}

bool NetworkFilter::matches(const CallRecord &record, const CallLabel &label) const
{
    for (const Term &term : m_terms) {
        if (matches(term, record, label) == term.negated)
            return false;
    }
    return true;
}

bool NetworkFilter::matches(const Term &term, const CallRecord &r, const CallLabel &label) const
{
    switch (term.kind) {
    case Kind::Text:
        return label.name.contains(term.text, Qt::CaseInsensitive)
            || label.url.contains(term.text, Qt::CaseInsensitive)
            || QString::fromLatin1(label.method).compare(term.text, Qt::CaseInsensitive) == 0
            || servedAs(r).compare(term.text, Qt::CaseInsensitive) == 0;
    case Kind::Status: return r.status == term.number;
    case Kind::StatusClass: return r.status / 100 == term.number;
    case Kind::Method: return label.method == term.text.toLatin1();
    case Kind::Batch: return r.batchId == quint64(term.number);
    case Kind::LargerThan: return r.bytes > term.number;
    case Kind::Is:
        if (term.text == QLatin1String("failed"))
            return r.failed();
        if (term.text == QLatin1String("pending"))
            return r.pending();
        return servedAs(r) == term.text;
    case Kind::Name: return label.name.contains(term.text, Qt::CaseInsensitive);
    case Kind::Url: return label.url.contains(term.text, Qt::CaseInsensitive);
    case Kind::CheckFailed: return r.checksFailed;
    }
    return false;
}

} // namespace batchlab
