// SPDX-License-Identifier: BSD-3-Clause
#include "engine/batchconfig.h"
#include "engine/enginetr.h"

#include "types/configdiff.h"

#include <QCoreApplication>

namespace batchlab {

void BatchConfig::applyProfile(const ServerProfile &profile, bool sandbox)
{
    format = profile.format;
    itemUrls = profile.itemUrls;
    continueOnError = profile.continueOnError;
    serverLimit = profile.serverLimit;
    batchPath = sandbox ? profile.sandboxPath : profile.batchPath;
}

QString BatchConfig::validate() const
{
    if (maxBatchSize < 1)
        return EngineTr::tr("maxBatchSize must be at least 1");
    if (maxDelay.count() < 0)
        return EngineTr::tr("maxDelay must not be negative");
    if (maxQueueSize < 1)
        return EngineTr::tr("maxQueueSize must be at least 1");
    if (timeout.count() < 0 || attemptTimeout.count() < 0)
        return EngineTr::tr("timeouts must not be negative");
    if (batchKey == BatchKeyStrategy::ByPathPrefix && pathPrefixSegments < 0)
        return EngineTr::tr("pathPrefixSegments must not be negative");
    if (batchKey == BatchKeyStrategy::Custom && !customKey)
        return EngineTr::tr("the custom batch key strategy needs a customKey function");
    if (serverLimit < 0)
        return EngineTr::tr("serverLimit must not be negative");
    if (!batchPath.startsWith(u'/'))
        return EngineTr::tr("batchPath must start with /");
    return {};
}

// Found by compare() through argument-dependent lookup (see types/configdiff.h).
static QString text(FlushMode v) { return v == FlushMode::Window ? QStringLiteral("window") : QStringLiteral("debounce"); }
static QString text(BatchKeyStrategy v)
{
    switch (v) {
    case BatchKeyStrategy::ByOrigin: return QStringLiteral("origin");
    case BatchKeyStrategy::ByOriginAndMethod: return QStringLiteral("origin+method");
    case BatchKeyStrategy::ByPathPrefix: return QStringLiteral("path prefix");
    case BatchKeyStrategy::Custom: return QStringLiteral("custom");
    }
    return {};
}
static QString text(BatchFormat v) { return batchFormatName(v); }
static QString text(ItemUrls v) { return itemUrlsName(v); }
static QString text(DedupScope v) { return dedupScopeName(v); }

QString dedupScopeName(DedupScope scope)
{
    switch (scope) {
    case DedupScope::Off: return QStringLiteral("off");
    case DedupScope::Safe: return QStringLiteral("safe");
    case DedupScope::Idempotent: return QStringLiteral("idempotent");
    }
    return {};
}

bool parseDedupScope(const QString &name, DedupScope *scope)
{
    for (DedupScope s : {DedupScope::Off, DedupScope::Safe, DedupScope::Idempotent}) {
        if (name == dedupScopeName(s)) {
            *scope = s;
            return true;
        }
    }
    return false;
}

QStringList configChanges(const BatchConfig &a, const BatchConfig &b)
{
    using configdiff::compare;
    QStringList out;
    compare(out, "maxBatchSize", a.maxBatchSize, b.maxBatchSize);
    compare(out, "maxDelay", a.maxDelay, b.maxDelay);
    compare(out, "flushMode", a.flushMode, b.flushMode);
    compare(out, "dedup", a.dedup, b.dedup);
    compare(out, "batchKey", a.batchKey, b.batchKey);
    compare(out, "pathPrefixSegments", a.pathPrefixSegments, b.pathPrefixSegments);
    compare(out, "maxQueueSize", a.maxQueueSize, b.maxQueueSize);
    compare(out, "timeout", a.timeout, b.timeout);
    compare(out, "attemptTimeout", a.attemptTimeout, b.attemptTimeout);
    compare(out, "sendSingleAsPlain", a.sendSingleAsPlain, b.sendSingleAsPlain);
    compare(out, "batchPath", a.batchPath, b.batchPath);
    compare(out, "format", a.format, b.format);
    compare(out, "itemUrls", a.itemUrls, b.itemUrls);
    compare(out, "continueOnError", a.continueOnError, b.continueOnError);
    compare(out, "serverLimit", a.serverLimit, b.serverLimit);
    return out;
}

} // namespace batchlab
