// SPDX-License-Identifier: BSD-3-Clause
// The knob table itself, block by block (KnobTable's lookups are in knobtable.cpp).
#include "client/knobtable.h"

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <climits>
#include <iterator>
#include <type_traits>

namespace batchlab {

namespace {

using std::chrono::milliseconds;
using Type = Knob::Type;
using Panel = Knob::Panel;

constexpr double kIntMax = INT_MAX;

template<typename T> double toNumber(T v)
{
    if constexpr (std::is_same_v<T, milliseconds>)
        return double(v.count());
    else if constexpr (std::is_enum_v<T>)
        return double(int(v));
    else
        return double(v);
}

template<typename T> T fromNumber(double v)
{
    if constexpr (std::is_same_v<T, milliseconds>)
        return milliseconds(qint64(v));
    else if constexpr (std::is_same_v<T, bool>)
        return v != 0;
    else if constexpr (std::is_floating_point_v<T>)
        return T(v);
    else if constexpr (std::is_enum_v<T>)
        return T(int(v));
    else
        return T(qint64(v));
}

/// One field of one part of the config (int, qint64, double, bool, milliseconds, an enum).
template<typename Part, typename T>
Knob knob(const char *block, const char *name, Type type, Part ClientConfig::*part, T Part::*member)
{
    Knob k;
    k.block = block;
    k.name = name;
    k.type = type;
    k.get = [=](const ClientConfig &c) { return toNumber(c.*part.*member); };
    k.set = [=](ClientConfig &c, double v) { c.*part.*member = fromNumber<T>(v); };
    return k;
}

template<typename Part, typename T>
Knob number(const char *block, const char *name, Part ClientConfig::*part, T Part::*member,
            double min, double max, const char *label, const char *help, Panel panel)
{
    Knob k = knob(block, name, std::is_floating_point_v<T> ? Type::Decimal : Type::Integer, part,
                  member);
    k.min = min;
    k.max = max;
    k.unit = std::is_same_v<T, milliseconds> ? "ms" : "";
    k.label = label;
    k.help = help;
    k.panel = panel;
    return k;
}

template<typename Part>
Knob flag(const char *block, const char *name, Part ClientConfig::*part, bool Part::*member,
          const char *rowLabel, const char *label, const char *help)
{
    Knob k = knob(block, name, Type::Switch, part, member);
    k.max = 1;
    k.label = label;
    k.help = help;
    k.panel.rowLabel = rowLabel;
    return k;
}

template<typename Part, typename T>
Knob choice(const char *block, const char *name, Part ClientConfig::*part, T Part::*member,
            std::vector<const char *> names, std::vector<const char *> labels, const char *label,
            const char *help)
{
    Q_ASSERT(names.size() == labels.size());
    Knob k = knob(block, name, Type::Choice, part, member);
    k.max = double(names.size() - 1);
    k.choices = std::move(names);
    k.choiceLabels = std::move(labels);
    k.label = label;
    k.help = help;
    return k;
}

/// The panel's box: its range (in its own units) and suffix.
Panel box(double min, double max, const char *suffix = "", double scale = 1, int decimals = 0)
{
    Panel p;
    p.min = min;
    p.max = max;
    p.suffix = suffix;
    p.scale = scale;
    p.decimals = decimals;
    return p;
}

Panel hidden()
{
    Panel p;
    p.shown = false;
    return p;
}

Knob notInFile(Knob k)
{
    k.inFile = false;
    return k;
}

std::vector<Knob> batchKnobs()
{
    const char *b = "batch";
    const auto part = &ClientConfig::batch;
    const char *ms = QT_TRANSLATE_NOOP("batchlab::Client", " ms");
    return {
        number(b, "maxBatchSize", part, &BatchConfig::maxBatchSize, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Max batch size"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Most calls in one batch; a full group leaves at once. A server "
                                 "profile may cap it."),
               box(1, 1000)),
        number(b, "maxDelayMs", part, &BatchConfig::maxDelay, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Max delay"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "How long a group waits for more calls before it leaves."),
               box(0, 10000, ms)),
        choice(b, "flushMode", part, &BatchConfig::flushMode, {"window", "debounce"},
               {QT_TRANSLATE_NOOP("batchlab::Client", "Window (from the first call)"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Debounce (from the latest call)")},
               QT_TRANSLATE_NOOP("batchlab::Client", "Flush"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Window: a batch leaves at most max delay after its first call. "
                                 "Debounce: after max delay "
                                 "without a new call.")),
        choice(b, "deduplicate", part, &BatchConfig::dedup, {"off", "safe", "idempotent"},
               {QT_TRANSLATE_NOOP("batchlab::Client", "Off"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Safe methods (GET, HEAD, OPTIONS)"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Idempotent methods (+ PUT, DELETE)")},
               QT_TRANSLATE_NOOP("batchlab::Client", "De-duplicate"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Identical calls (method, URL, headers, body) waiting or in "
                                 "flight share one batch item and "
                                 "its answer. Writes never share by default: two identical POSTs "
                                 "must both reach the server.")),
        // The custom strategy is a function, which no file or command line can hold.
        choice(b, "batchKey", part, &BatchConfig::batchKey,
               {"origin", "origin+method", "path-prefix"},
               {QT_TRANSLATE_NOOP("batchlab::Client", "Same origin"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Same origin and method"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Same path prefix")},
               QT_TRANSLATE_NOOP("batchlab::Client", "Batch together"),
               QT_TRANSLATE_NOOP("batchlab::Client", "Which calls may travel in the same batch.")),
        number(b, "pathPrefixSegments", part, &BatchConfig::pathPrefixSegments, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Prefix segments"),
               QT_TRANSLATE_NOOP(
                   "batchlab::Client",
                   "With \"same path prefix\": how many leading path segments must match."),
               box(1, 10)),
        number(b, "maxQueueSize", part, &BatchConfig::maxQueueSize, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Queue limit"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Most distinct calls waiting to be sent; one more fails at once "
                                 "with \"queue overflow\"."),
               box(1, 10000000, QT_TRANSLATE_NOOP("batchlab::Client", " calls"))),
        number(b, "timeoutMs", part, &BatchConfig::timeout, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Call timeout"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Deadline from enqueue to answer, retries included; 0 = none."),
               box(0, 600000, ms)),
        number(b, "attemptTimeoutMs", part, &BatchConfig::attemptTimeout, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Attempt timeout"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Deadline of one HTTP exchange; a hanging server then fails with "
                                 "a timeout that retry and the "
                                 "breaker see. 0 = none."),
               box(0, 600000, ms)),
        flag(b, "sendSingleAsPlain", part, &BatchConfig::sendSingleAsPlain, "",
             QT_TRANSLATE_NOOP("batchlab::Client", "Send a lone call as a plain request"),
             QT_TRANSLATE_NOOP(
                 "batchlab::Client",
                 "A group of one goes out as an ordinary request instead of a batch of one.")),
        // The server profile sets these two (BatchConfig::applyProfile); the file keeps the
        // profile's id in its target, not them.
        notInFile(choice(b, "itemUrls", part, &BatchConfig::itemUrls,
                         {"relative", "absolute", "path"},
                         {QT_TRANSLATE_NOOP("batchlab::Client", "Relative to the service root"),
                          QT_TRANSLATE_NOOP("batchlab::Client", "Absolute URLs"),
                          QT_TRANSLATE_NOOP("batchlab::Client", "Absolute path + Host")},
                         QT_TRANSLATE_NOOP("batchlab::Client", "Item URLs"),
                         QT_TRANSLATE_NOOP("batchlab::Client",
                                           "How a call's URL is written inside a batch. OData "
                                           "services and Microsoft Graph resolve "
                                           "it against the service root (the batch endpoint's "
                                           "folder); OData also takes absolute "
                                           "URLs; Google's multipart batches want the absolute "
                                           "path. The server profile picks the "
                                           "usual one."))),
        notInFile(
            flag(b, "continueOnError", part, &BatchConfig::continueOnError, "",
                 QT_TRANSLATE_NOOP("batchlab::Client", "Ask the server to continue on error"),
                 QT_TRANSLATE_NOOP("batchlab::Client",
                                   "Sends Prefer: odata.continue-on-error. Without it an OData "
                                   "server stops at the first "
                                   "failed call of a batch and leaves the rest unanswered."))),
    };
}

std::vector<Knob> retryKnobs()
{
    const char *r = "retry";
    const auto part = &ClientConfig::retry;
    const char *ms = QT_TRANSLATE_NOOP("batchlab::Client", " ms");
    Knob statuses;
    statuses.block = r;
    statuses.name = "retryStatuses";
    statuses.type = Type::StatusList;
    statuses.min = 100;
    statuses.max = 599;
    statuses.label = QT_TRANSLATE_NOOP("batchlab::Client", "Statuses to retry");
    statuses.help = QT_TRANSLATE_NOOP(
        "batchlab::Client",
        "The HTTP statuses worth another attempt; by default 408, 429, 500, 502, 503 and 504.");
    statuses.panel = hidden();
    statuses.getList = [](const ClientConfig &c) { return c.retry.retryStatuses; };
    statuses.setList
        = [](ClientConfig &c, const QList<int> &list) { c.retry.retryStatuses = list; };
    return {
        number(r, "maxAttempts", part, &RetryPolicy::maxAttempts, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Attempts"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Attempts in all, the first included. 1 = never retry."),
               box(1, 10)),
        number(r, "baseDelayMs", part, &RetryPolicy::baseDelay, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "First backoff"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Wait before the first retry; it grows by the factor below."),
               box(0, 60000, ms)),
        number(
            r, "multiplier", part, &RetryPolicy::multiplier, 1, 100,
            QT_TRANSLATE_NOOP("batchlab::Client", "Backoff factor"),
            QT_TRANSLATE_NOOP("batchlab::Client", "Each backoff is this many times the previous."),
            box(1, 10, QT_TRANSLATE_NOOP("batchlab::Client", " ×"), 1, 1)),
        number(r, "maxDelayMs", part, &RetryPolicy::maxDelay, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Longest backoff"),
               QT_TRANSLATE_NOOP("batchlab::Client", "No backoff is longer than this."),
               box(0, 600000, ms)),
        choice(r, "jitter", part, &RetryPolicy::jitter, {"none", "full", "equal", "decorrelated"},
               {QT_TRANSLATE_NOOP("batchlab::Client", "None"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Full"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Equal"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Decorrelated")},
               QT_TRANSLATE_NOOP("batchlab::Client", "Jitter"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Randomness in the backoff, so that clients failing together do "
                                 "not retry together.")),
        flag(r, "honorRetryAfter", part, &RetryPolicy::honorRetryAfter,
             QT_TRANSLATE_NOOP("batchlab::Client", "Retry-After"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Wait as long as the server asks"),
             QT_TRANSLATE_NOOP("batchlab::Client",
                               "A 429 or 503 with Retry-After waits that long (at most the limit "
                               "below) instead of the backoff.")),
        number(r, "maxRetryAfterMs", part, &RetryPolicy::maxRetryAfter, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Retry-After limit"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "A longer Retry-After is not waited for: the call fails instead."),
               box(0, 3600000, ms)),
        flag(r, "retryNonIdempotent", part, &RetryPolicy::retryNonIdempotent,
             QT_TRANSLATE_NOOP("batchlab::Client", "Unsafe methods"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Retry POST and PATCH too"),
             QT_TRANSLATE_NOOP("batchlab::Client",
                               "Off: only GET, HEAD, PUT, DELETE and OPTIONS are retried, since "
                               "repeating a POST may repeat its "
                               "effect.")),
        statuses,
        flag(r, "useBudget", part, &RetryPolicy::useBudget,
             QT_TRANSLATE_NOOP("batchlab::Client", "Retry budget"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Limit retries per origin"),
             QT_TRANSLATE_NOOP("batchlab::Client",
                               "A token bucket per origin: each retry costs 5 tokens (10 after a "
                               "timeout), each success refunds "
                               "1, so an outage cannot turn into a retry storm.")),
        number(r, "budgetCapacity", part, &RetryPolicy::budgetCapacity, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Budget"),
               QT_TRANSLATE_NOOP("batchlab::Client", "Tokens in a full bucket."),
               box(1, 100000, QT_TRANSLATE_NOOP("batchlab::Client", " tokens"))),
        number(r, "retryCost", part, &RetryPolicy::retryCost, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Retry cost"),
               QT_TRANSLATE_NOOP("batchlab::Client", "Tokens a retry takes from the budget."),
               hidden()),
        number(r, "timeoutRetryCost", part, &RetryPolicy::timeoutRetryCost, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Retry cost after a timeout"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Tokens a retry after a timeout takes from the budget."),
               hidden()),
        number(r, "successRefund", part, &RetryPolicy::successRefund, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Refund per success"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Tokens a first attempt's success gives back to the budget."),
               hidden()),
    };
}

std::vector<Knob> breakerKnobs()
{
    const char *k = "breaker";
    const auto part = &ClientConfig::breaker;
    const char *ms = QT_TRANSLATE_NOOP("batchlab::Client", " ms");
    return {
        flag(k, "enabled", part, &BreakerConfig::enabled,
             QT_TRANSLATE_NOOP("batchlab::Client", "Breaker"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Stop calling a failing server"),
             QT_TRANSLATE_NOOP("batchlab::Client",
                               "Failures are transport errors, timeouts, 5xx and 408; a 429 pauses "
                               "the origin instead.")),
        choice(k, "scope", part, &BreakerConfig::scope, {"origin", "batch-key"},
               {QT_TRANSLATE_NOOP("batchlab::Client", "Origin"),
                QT_TRANSLATE_NOOP("batchlab::Client", "Batch key")},
               QT_TRANSLATE_NOOP("batchlab::Client", "One breaker per"),
               QT_TRANSLATE_NOOP("batchlab::Client", "What one breaker watches.")),
        choice(
            k, "trip", part, &BreakerConfig::trip, {"failure-rate", "consecutive-failures"},
            {QT_TRANSLATE_NOOP("batchlab::Client", "Failure rate"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Consecutive failures")},
            QT_TRANSLATE_NOOP("batchlab::Client", "Opens on"),
            QT_TRANSLATE_NOOP(
                "batchlab::Client",
                "Failure rate over the window once enough calls were seen, or a run of failures.")),
        number(k, "failureRateThreshold", part, &BreakerConfig::failureRateThreshold, 0.001, 1,
               QT_TRANSLATE_NOOP("batchlab::Client", "Failure rate"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "Opens when failures / calls over the window reach this."),
               box(1, 100, QT_TRANSLATE_NOOP("batchlab::Client", " %"), 100)),
        number(k, "windowMs", part, &BreakerConfig::window, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Window"),
               QT_TRANSLATE_NOOP("batchlab::Client", "How far back the failure rate looks."),
               box(1000, 600000, ms)),
        number(k, "buckets", part, &BreakerConfig::buckets, 1, 1000,
               QT_TRANSLATE_NOOP("batchlab::Client", "Window buckets"),
               QT_TRANSLATE_NOOP(
                   "batchlab::Client",
                   "The window is counted in this many slices, the oldest dropped as time goes."),
               hidden()),
        number(k, "minimumCalls", part, &BreakerConfig::minimumCalls, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Minimum calls"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "The rate is not judged on fewer calls than this in the window."),
               box(1, 100000, QT_TRANSLATE_NOOP("batchlab::Client", " calls"))),
        number(k, "consecutiveFailures", part, &BreakerConfig::consecutiveFailures, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Failures in a row"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "With \"consecutive failures\": opens after this many in a row."),
               box(1, 10000)),
        number(
            k, "openDurationMs", part, &BreakerConfig::openDuration, 1, kIntMax,
            QT_TRANSLATE_NOOP("batchlab::Client", "Open for"),
            QT_TRANSLATE_NOOP(
                "batchlab::Client",
                "How long the breaker stays open before one probe call; doubles per failed probe."),
            box(100, 600000, ms)),
        number(
            k, "openBackoff", part, &BreakerConfig::openBackoff, 1, 100,
            QT_TRANSLATE_NOOP("batchlab::Client", "Open backoff factor"),
            QT_TRANSLATE_NOOP("batchlab::Client",
                              "Each failed probe keeps the breaker open this many times longer."),
            hidden()),
        number(k, "maxOpenDurationMs", part, &BreakerConfig::maxOpenDuration, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Open at most"),
               QT_TRANSLATE_NOOP("batchlab::Client", "The doubling stops here."),
               box(100, 3600000, ms)),
        number(k, "halfOpenProbes", part, &BreakerConfig::halfOpenProbes, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Probes"),
               QT_TRANSLATE_NOOP("batchlab::Client", "Calls let through while half-open."),
               hidden()),
        number(k, "probeTimeoutMs", part, &BreakerConfig::probeTimeout, 1, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Probe timeout"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "A probe that does not answer in time opens the breaker again."),
               box(100, 600000, ms)),
        number(k, "maxPauseMs", part, &BreakerConfig::maxPause, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Longest pause"),
               QT_TRANSLATE_NOOP("batchlab::Client",
                                 "The longest pause a 429 may impose on an origin."),
               hidden()),
    };
}

std::vector<Knob> cacheKnobs()
{
    const char *h = "cache";
    const auto part = &ClientConfig::cache;
    Knob bytes
        = number(h, "maxBytes", part, &CacheConfig::maxBytes, 0, kIntMax,
                 QT_TRANSLATE_NOOP("batchlab::Client", "Size"),
                 QT_TRANSLATE_NOOP("batchlab::Client", "Bodies and headers kept, at most."),
                 box(1, 4096, QT_TRANSLATE_NOOP("batchlab::Client", " MiB"), 1.0 / (1024 * 1024)));
    bytes.unit = "bytes";
    return {
        flag(h, "enabled", part, &CacheConfig::enabled,
             QT_TRANSLATE_NOOP("batchlab::Client", "Cache"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Answer repeated GETs from memory"),
             QT_TRANSLATE_NOOP(
                 "batchlab::Client",
                 "Keyed like de-duplication; no-store and no-cache answers are not kept.")),
        number(
            h, "defaultTtlMs", part, &CacheConfig::defaultTtl, 0, kIntMax,
            QT_TRANSLATE_NOOP("batchlab::Client", "Fresh for"),
            QT_TRANSLATE_NOOP(
                "batchlab::Client",
                "How long an answer stays fresh unless its Cache-Control max-age says otherwise."),
            box(0, 3600000, QT_TRANSLATE_NOOP("batchlab::Client", " ms"))),
        number(h, "maxEntries", part, &CacheConfig::maxEntries, 0, kIntMax,
               QT_TRANSLATE_NOOP("batchlab::Client", "Entries"),
               QT_TRANSLATE_NOOP("batchlab::Client", "The least recently used go first."),
               box(1, 10000000)),
        bytes,
        flag(h, "cacheErrors", part, &CacheConfig::cacheErrors, "",
             QT_TRANSLATE_NOOP("batchlab::Client", "Keep failed answers too"),
             QT_TRANSLATE_NOOP("batchlab::Client", "Errors are cached for the same time.")),
    };
}

} // namespace

const std::vector<Knob> &KnobTable::all()
{
    static const std::vector<Knob> knobs = [] {
        std::vector<Knob> out;
        for (auto part : {batchKnobs, retryKnobs, breakerKnobs, cacheKnobs}) {
            std::vector<Knob> block = part();
            std::move(block.begin(), block.end(), std::back_inserter(out));
        }
        return out;
    }();
    return knobs;
}

} // namespace batchlab
