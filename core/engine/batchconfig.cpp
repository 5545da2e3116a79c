#include "engine/batchconfig.h"

#include <QCoreApplication>

#include <array>

namespace batchlab {

QString flushReasonName(FlushReason reason)
{
    static constexpr std::array<const char *, kFlushReasonCount> names{
        "size", "timer", "debounce", "manual", "config", "shutdown", "retry"};
    return QLatin1String(names.at(size_t(reason)));
}

QString BatchConfig::validate() const
{
    const auto tr = [](const char *text) {
        return QCoreApplication::translate("batchlab::BatchConfig", text);
    };
    if (maxBatchSize < 1)
        return tr("maxBatchSize must be at least 1");
    if (maxDelay.count() < 0)
        return tr("maxDelay must not be negative");
    if (maxQueueSize < 1)
        return tr("maxQueueSize must be at least 1");
    if (timeout.count() < 0 || attemptTimeout.count() < 0)
        return tr("timeouts must not be negative");
    if (batchKey == BatchKeyStrategy::ByPathPrefix && pathPrefixSegments < 0)
        return tr("pathPrefixSegments must not be negative");
    if (batchKey == BatchKeyStrategy::Custom && !customKey)
        return tr("the custom batch key strategy needs a customKey function");
    if (serverLimit < 0)
        return tr("serverLimit must not be negative");
    if (!batchPath.startsWith(u'/'))
        return tr("batchPath must start with /");
    return {};
}

} // namespace batchlab
