// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "types/flushreason.h"
#include "types/requestspec.h"
#include "wire/batchformat.h"
#include "wire/serverprofile.h"

#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace batchlab {

/// Which calls may travel in the same batch.
enum class BatchKeyStrategy : quint8 {
    ByOrigin, ///< same scheme, host and port (the default)
    ByOriginAndMethod, ///< …and the same HTTP method
    ByPathPrefix, ///< …and the same first `pathPrefixSegments` path segments
    Custom, ///< …and the same `customKey(spec)`
};

/// When a group's timer fires: `maxDelay` after its first call (a window, as Apollo's
/// BatchHttpLink does) or `maxDelay` after its latest call (debounce).
enum class FlushMode : quint8 { Window, Debounce };

/// Which identical calls waiting or in flight share one batch item and its answer. Sharing a
/// write would hide a call's effect: two identical POSTs that create must reach the server
/// twice (the second may well be refused).
enum class DedupScope : quint8 {
    Off,
    Safe, ///< GET, HEAD, OPTIONS, TRACE (the default)
    Idempotent, ///< …and PUT and DELETE, whose repetition changes nothing more
};

/// How the queue batches. The defaults follow the original plan (10 calls, 50 ms, dedup on).
struct BatchConfig
{
    int maxBatchSize = 10;
    std::chrono::milliseconds maxDelay{50};
    DedupScope dedup = DedupScope::Safe;
    BatchKeyStrategy batchKey = BatchKeyStrategy::ByOrigin;
    int pathPrefixSegments = 1;
    std::function<QString(const RequestSpec &)> customKey;
    FlushMode flushMode = FlushMode::Window;
    /// Most distinct calls waiting to be flushed; one more is rejected with QueueOverflow.
    int maxQueueSize = 10000;
    /// Deadline from enqueue to settle; 0 means none.
    std::chrono::milliseconds timeout{30000};
    /// Deadline of one HTTP exchange (one attempt of a batch); it then fails with Timeout,
    /// which retry and the circuit breaker both see. 0 means none.
    std::chrono::milliseconds attemptTimeout{10000};
    /// A group of one goes out as an ordinary request instead of a batch of one.
    bool sendSingleAsPlain = false;
    /// Path of the batch endpoint on the calls' origin (after the path prefix with
    /// ByPathPrefix). Item URLs are sent relative to its folder.
    QString batchPath = QStringLiteral("/$batch");
    /// The wire format of batches sent to batchPath.
    BatchFormat format = BatchFormat::Json;
    /// How item URLs are written inside a batch: relative to the batch endpoint's folder, the
    /// service root (OData, and Microsoft Graph requires it), absolute, or as an absolute path
    /// with Host (Google's multipart batches).
    ItemUrls itemUrls = ItemUrls::Relative;
    /// OData batches carry `Prefer: odata.continue-on-error`: without it a server stops at the
    /// first failed item and leaves the rest unanswered. On, as for the default OData profile.
    bool continueOnError = true;
    /// The most calls the server takes in one batch (a ServerProfile sets it); 0 means no
    /// limit. No batch is larger, whatever maxBatchSize says.
    int serverLimit = 0;

    /// The size at which a group is flushed: maxBatchSize capped by serverLimit.
    int batchLimit() const
    {
        return serverLimit > 0 && serverLimit < maxBatchSize ? serverLimit : maxBatchSize;
    }
    /// What the codec writes besides the calls.
    WireOptions wireOptions() const { return {itemUrls, continueOnError}; }
    /// Takes the profile's format, URL style, continue-on-error, limit and batch path (the built-in sandbox's
    /// when `sandbox`, else the real services' usual one).
    void applyProfile(const ServerProfile &profile, bool sandbox);
    /// Whether identical calls of `method` share an item; `optIn` is the call's own say
    /// (CallOptions::deduplicate), which overrides the scope either way.
    bool sharesCalls(QByteArrayView method, std::optional<bool> optIn = std::nullopt) const
    {
        if (optIn)
            return *optIn;
        return dedup == DedupScope::Safe       ? RequestSpec::isSafeMethod(method)
            : dedup == DedupScope::Idempotent ? RequestSpec::isIdempotentMethod(method)
                                               : false;
    }
    /// Empty when valid, otherwise what is wrong, naming the field.
    QString validate() const;
};

/// "off", "safe", "idempotent".
QString dedupScopeName(DedupScope scope);
/// The inverse of dedupScopeName; false when `name` is none of them.
bool parseDedupScope(const QString &name, DedupScope *scope);

/// What differs between two batch settings, one "field old → new" per change, in a stable
/// order: what the config-changed events of the log and the charts' markers say.
QStringList configChanges(const BatchConfig &before, const BatchConfig &after);

} // namespace batchlab
