// SPDX-License-Identifier: BSD-3-Clause
#include "runs/runhistoryfile.h"
#include "runs/runstr.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <chrono>
#include <cmath>
#include <limits>
#include <type_traits>

namespace batchlab {

namespace {

const QLatin1String kFormat("batchlab-runs");

// Every setting of a ClientConfig that configChanges() compares, by the name it uses, so that
// a run read back compares with a live one as it did when it was made. Enums are kept as
// their numbers: their values are only ever appended to.
template<typename Visit>
void forEachSetting(ClientConfig &c, Visit &&visit)
{
    BatchConfig &b = c.batch;
    visit("maxBatchSize", b.maxBatchSize);
    visit("maxDelay", b.maxDelay);
    visit("flushMode", b.flushMode);
    visit("dedup", b.dedup);
    visit("batchKey", b.batchKey);
    visit("pathPrefixSegments", b.pathPrefixSegments);
    visit("maxQueueSize", b.maxQueueSize);
    visit("timeout", b.timeout);
    visit("attemptTimeout", b.attemptTimeout);
    visit("sendSingleAsPlain", b.sendSingleAsPlain);
    visit("batchPath", b.batchPath);
    visit("format", b.format);
    visit("itemUrls", b.itemUrls);
    visit("continueOnError", b.continueOnError);
    visit("serverLimit", b.serverLimit);
    RetryPolicy &r = c.retry;
    visit("retry.maxAttempts", r.maxAttempts);
    visit("retry.baseDelay", r.baseDelay);
    visit("retry.multiplier", r.multiplier);
    visit("retry.maxDelay", r.maxDelay);
    visit("retry.jitter", r.jitter);
    visit("retry.honorRetryAfter", r.honorRetryAfter);
    visit("retry.maxRetryAfter", r.maxRetryAfter);
    visit("retry.retryNonIdempotent", r.retryNonIdempotent);
    visit("retry.useBudget", r.useBudget);
    visit("retry.budgetCapacity", r.budgetCapacity);
    // Knobs configChanges() compares since it reads KnobTable (absent from older files: they
    // read as the defaults, which those runs had, having no way to change them).
    visit("retry.retryStatuses", r.retryStatuses);
    visit("retry.retryCost", r.retryCost);
    visit("retry.timeoutRetryCost", r.timeoutRetryCost);
    visit("retry.successRefund", r.successRefund);
    BreakerConfig &k = c.breaker;
    visit("breaker.enabled", k.enabled);
    visit("breaker.scope", k.scope);
    visit("breaker.trip", k.trip);
    visit("breaker.failureRateThreshold", k.failureRateThreshold);
    visit("breaker.window", k.window);
    visit("breaker.minimumCalls", k.minimumCalls);
    visit("breaker.consecutiveFailures", k.consecutiveFailures);
    visit("breaker.openDuration", k.openDuration);
    visit("breaker.maxOpenDuration", k.maxOpenDuration);
    visit("breaker.probeTimeout", k.probeTimeout);
    visit("breaker.buckets", k.buckets);
    visit("breaker.openBackoff", k.openBackoff);
    visit("breaker.halfOpenProbes", k.halfOpenProbes);
    visit("breaker.maxPause", k.maxPause);
    CacheConfig &a = c.cache;
    visit("cache.enabled", a.enabled);
    visit("cache.defaultTtl", a.defaultTtl);
    visit("cache.maxEntries", a.maxEntries);
    visit("cache.maxBytes", a.maxBytes);
    visit("cache.cacheErrors", a.cacheErrors);
}

template<typename Visit>
void forEachCount(TelemetryCounters &c, Visit &&visit)
{
    visit("calls", c.calls);
    visit("succeeded", c.succeeded);
    visit("failed", c.failed);
    visit("httpRequests", c.httpRequests);
    visit("batches", c.batches);
    visit("plainRequests", c.plainRequests);
    visit("items", c.items);
    visit("dedupHits", c.dedupHits);
    visit("protocolIssues", c.protocolIssues);
    visit("retries", c.retries);
    visit("retriesExhausted", c.retriesExhausted);
    visit("cacheHits", c.cacheHits);
    visit("cacheMisses", c.cacheMisses);
    visit("breakerRejections", c.breakerRejections);
    visit("breakerTransitions", c.breakerTransitions);
    for (Percentiles *p : {&c.latency, &c.queueWait}) {
        const bool latency = p == &c.latency;
        visit(latency ? "latency.count" : "queueWait.count", p->count);
        visit(latency ? "latency.p50" : "queueWait.p50", p->p50);
        visit(latency ? "latency.p90" : "queueWait.p90", p->p90);
        visit(latency ? "latency.p95" : "queueWait.p95", p->p95); // absent before: 0
        visit(latency ? "latency.p99" : "queueWait.p99", p->p99);
        visit(latency ? "latency.max" : "queueWait.max", p->max);
    }
}

template<typename T>
QJsonValue toJson(const T &value)
{
    if constexpr (std::is_same_v<T, bool>)
        return value;
    else if constexpr (std::is_same_v<T, QString>)
        return value;
    else if constexpr (std::is_same_v<T, std::chrono::milliseconds>)
        return double(value.count());
    else if constexpr (std::is_enum_v<T>)
        return int(value);
    else if constexpr (std::is_same_v<T, QList<int>>) {
        QJsonArray array;
        for (int v : value)
            array.append(v);
        return array;
    } else
        return double(value);
}

/// Whether `d` converts to the integer type `I` without leaving its range (the conversion of
/// one that does not is undefined: a file saying 1e300 must be refused, not read as anything).
template<typename I>
bool fitsIn(double d)
{
    constexpr int bits = std::numeric_limits<I>::digits;
    const double lowest = std::is_signed_v<I> ? -std::ldexp(1.0, bits) : 0.0;
    return d >= lowest && d < std::ldexp(1.0, bits); // false for NaN too
}

/// False when `json` is not of the value's type, or out of its range.
template<typename T>
bool fromJson(const QJsonValue &json, T *value)
{
    if constexpr (std::is_same_v<T, bool>) {
        if (!json.isBool())
            return false;
        *value = json.toBool();
    } else if constexpr (std::is_same_v<T, QString>) {
        if (!json.isString())
            return false;
        *value = json.toString();
    } else if constexpr (std::is_same_v<T, QList<int>>) {
        if (!json.isArray())
            return false;
        QList<int> out;
        for (const QJsonValue &v : json.toArray()) {
            if (!v.isDouble() || !fitsIn<int>(v.toDouble()))
                return false;
            out.append(int(v.toDouble()));
        }
        *value = out;
    } else {
        if (!json.isDouble())
            return false;
        const double d = json.toDouble();
        if constexpr (std::is_same_v<T, std::chrono::milliseconds>) {
            if (!fitsIn<qint64>(d))
                return false;
            *value = std::chrono::milliseconds(qint64(d));
        } else if constexpr (std::is_enum_v<T>) {
            *value = T(json.toInt());
        } else if constexpr (std::is_floating_point_v<T>) {
            *value = d;
        } else {
            if (!fitsIn<T>(d))
                return false;
            *value = T(d);
        }
    }
    return true;
}

QJsonObject settingsToJson(ClientConfig config)
{
    QJsonObject o;
    forEachSetting(config, [&o](const char *name, const auto &value) { o.insert(QLatin1String(name), toJson(value)); });
    return o;
}

QJsonObject countsToJson(TelemetryCounters counters)
{
    QJsonObject o;
    forEachCount(counters, [&o](const char *name, const auto &value) { o.insert(QLatin1String(name), toJson(value)); });
    QJsonObject failures;
    for (int k = 0; k < kErrorKindCount; ++k) {
        if (counters.failuresByKind.at(size_t(k)) != 0)
            failures.insert(errorKindName(ErrorKind(k)), double(counters.failuresByKind.at(size_t(k))));
    }
    o.insert(QStringLiteral("failuresByKind"), failures);
    QJsonObject flushes;
    for (int r = 0; r < kFlushReasonCount; ++r) {
        if (counters.flushesByReason.at(size_t(r)) != 0)
            flushes.insert(flushReasonName(FlushReason(r)), double(counters.flushesByReason.at(size_t(r))));
    }
    o.insert(QStringLiteral("flushesByReason"), flushes);
    return o;
}

QJsonObject runToJson(const RunSummary &run)
{
    QJsonObject o;
    o.insert(QStringLiteral("number"), run.number);
    o.insert(QStringLiteral("set"), run.setName);
    o.insert(QStringLiteral("startedAt"), run.startedAt.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("stopped"), run.stopped);
    o.insert(QStringLiteral("plan"), QJsonObject{{QStringLiteral("iterations"), run.plan.iterations},
                                                 {QStringLiteral("arrival"), int(run.plan.arrival)},
                                                 {QStringLiteral("ratePerSecond"), run.plan.ratePerSecond},
                                                 {QStringLiteral("seed"), double(run.plan.seed)}});
    o.insert(QStringLiteral("settings"), settingsToJson(run.config));
    o.insert(QStringLiteral("settingsAtEnd"), settingsToJson(run.configAtEnd));
    QJsonArray changes;
    for (const SettingsChange &change : run.settingsChanges)
        changes.append(QJsonObject{{QStringLiteral("atMs"), double(change.atMs)},
                                   {QStringLiteral("changes"), QJsonArray::fromStringList(change.changes)}});
    o.insert(QStringLiteral("settingsChanges"), changes);
    const RunProgress &p = run.progress;
    o.insert(QStringLiteral("progress"), QJsonObject{{QStringLiteral("total"), p.total},
                                                     {QStringLiteral("sent"), p.sent},
                                                     {QStringLiteral("succeeded"), p.succeeded},
                                                     {QStringLiteral("failed"), p.failed},
                                                     {QStringLiteral("cancelled"), p.cancelled},
                                                     {QStringLiteral("elapsedMs"), double(p.elapsedMs)}});
    o.insert(QStringLiteral("counts"), countsToJson(run.counters));
    // Only for a run that checked something: an older Batchlab reads the rest as before.
    if (run.checks != CheckTally())
        o.insert(QStringLiteral("checks"), QJsonObject{{QStringLiteral("passed"), double(run.checks.passed)},
                                                       {QStringLiteral("failed"), double(run.checks.failed)},
                                                       {QStringLiteral("failedCalls"), double(run.checks.failedCalls)}});
    return o;
}

/// Reads one run, failing with the field's path on the first value of a wrong type.
class RunReader
{
public:
    explicit RunReader(FileError *error) : m_error(error) {}

    bool ok() const { return m_error->message.isEmpty(); }

    void fail(const QString &field, const QString &message)
    {
        if (ok()) {
            m_error->field = field;
            m_error->message = message;
        }
    }

    QJsonObject object(const QJsonObject &o, const char *key, const QString &at)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            return {};
        if (!v.isObject())
            fail(at + QLatin1String(key), RunsTr::tr("expected an object"));
        return v.toObject();
    }

    template<typename T>
    void value(const QJsonObject &o, const char *key, const QString &at, T *out)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || fromJson(v, out))
            return; // what a run does not say keeps its default
        fail(at + QLatin1String(key), std::is_same_v<T, bool>      ? RunsTr::tr("expected true or false")
                                          : std::is_same_v<T, QString> ? RunsTr::tr("expected a string")
                                          : std::is_same_v<T, QList<int>> ? RunsTr::tr("expected an array of whole numbers")
                                          : v.isDouble()               ? RunsTr::tr("a number out of range")
                                                                       : RunsTr::tr("expected a number"));
    }

    ClientConfig settings(const QJsonObject &o, const QString &at)
    {
        ClientConfig c;
        forEachSetting(c, [&](const char *name, auto &value) { this->value(o, name, at, &value); });
        return c;
    }

    TelemetryCounters counts(const QJsonObject &o, const QString &at)
    {
        TelemetryCounters c;
        forEachCount(c, [&](const char *name, auto &value) { this->value(o, name, at, &value); });
        const QJsonObject failures = object(o, "failuresByKind", at);
        for (int k = 0; k < kErrorKindCount; ++k)
            value(failures, errorKindName(ErrorKind(k)).toLatin1().constData(), at + QStringLiteral("failuresByKind."),
                  &c.failuresByKind.at(size_t(k)));
        const QJsonObject flushes = object(o, "flushesByReason", at);
        for (int r = 0; r < kFlushReasonCount; ++r)
            value(flushes, flushReasonName(FlushReason(r)).toLatin1().constData(), at + QStringLiteral("flushesByReason."),
                  &c.flushesByReason.at(size_t(r)));
        return c;
    }

    RunSummary run(const QJsonObject &o, const QString &at)
    {
        RunSummary s;
        value(o, "number", at, &s.number);
        value(o, "set", at, &s.setName);
        QString started;
        value(o, "startedAt", at, &started);
        s.startedAt = QDateTime::fromString(started, Qt::ISODateWithMs).toLocalTime();
        value(o, "stopped", at, &s.stopped);
        const QJsonObject plan = object(o, "plan", at);
        const QString planAt = at + QStringLiteral("plan.");
        value(plan, "iterations", planAt, &s.plan.iterations);
        int arrival = 0;
        value(plan, "arrival", planAt, &arrival);
        if (arrival < 0 || arrival > int(ArrivalPattern::Recorded))
            fail(planAt + QStringLiteral("arrival"), RunsTr::tr("expected 0, 1, 2 or 3"));
        s.plan.arrival = ArrivalPattern(arrival);
        value(plan, "ratePerSecond", planAt, &s.plan.ratePerSecond);
        value(plan, "seed", planAt, &s.plan.seed);
        s.config = settings(object(o, "settings", at), at + QStringLiteral("settings."));
        s.configAtEnd = o.contains(QStringLiteral("settingsAtEnd"))
            ? settings(object(o, "settingsAtEnd", at), at + QStringLiteral("settingsAtEnd."))
            : s.config;
        const QJsonValue changes = o.value(QStringLiteral("settingsChanges"));
        if (!changes.isUndefined() && !changes.isArray())
            fail(at + QStringLiteral("settingsChanges"), RunsTr::tr("expected an array"));
        const QJsonArray list = changes.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString changeAt = at + QStringLiteral("settingsChanges[%1].").arg(i);
            if (!list.at(i).isObject()) {
                fail(changeAt.chopped(1), RunsTr::tr("expected an object"));
                break;
            }
            SettingsChange change;
            value(list.at(i).toObject(), "atMs", changeAt, &change.atMs);
            const QJsonValue texts = list.at(i).toObject().value(QStringLiteral("changes"));
            for (const QJsonValue &text : texts.toArray()) {
                if (!text.isString())
                    fail(changeAt + QStringLiteral("changes"), RunsTr::tr("expected an array of strings"));
                change.changes.append(text.toString());
            }
            s.settingsChanges.push_back(change);
        }
        const QJsonObject progress = object(o, "progress", at);
        const QString progressAt = at + QStringLiteral("progress.");
        value(progress, "total", progressAt, &s.progress.total);
        value(progress, "sent", progressAt, &s.progress.sent);
        value(progress, "succeeded", progressAt, &s.progress.succeeded);
        value(progress, "failed", progressAt, &s.progress.failed);
        value(progress, "cancelled", progressAt, &s.progress.cancelled);
        value(progress, "elapsedMs", progressAt, &s.progress.elapsedMs);
        s.progress.etaMs = 0;
        s.counters = counts(object(o, "counts", at), at + QStringLiteral("counts."));
        const QJsonObject checks = object(o, "checks", at);
        const QString checksAt = at + QStringLiteral("checks.");
        value(checks, "passed", checksAt, &s.checks.passed);
        value(checks, "failed", checksAt, &s.checks.failed);
        value(checks, "failedCalls", checksAt, &s.checks.failedCalls);
        return s;
    }

private:
    FileError *m_error;
};

/// 1-based line and column of a byte offset, for parse errors.
void locate(const QByteArray &json, int offset, FileError *error)
{
    error->line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < json.size(); ++i) {
        if (json.at(i) == '\n') {
            ++error->line;
            lineStart = i + 1;
        }
    }
    error->column = QString::fromUtf8(json.mid(lineStart, offset - lineStart)).size() + 1;
}

} // namespace

QString RunHistoryFile::pathFor(const QString &setPath)
{
    if (setPath.isEmpty())
        return {};
    const QString suffix = QLatin1String(RequestSetFile::kSuffix);
    const QString base = setPath.endsWith(suffix) ? setPath.chopped(suffix.size()) : setPath;
    return base + QLatin1String(kSuffix);
}

QByteArray RunHistoryFile::serialize(const std::vector<RunSummary> &runs)
{
    QJsonArray list;
    const size_t first = runs.size() > size_t(kRunsKept) ? runs.size() - size_t(kRunsKept) : 0;
    for (size_t i = first; i < runs.size(); ++i)
        list.append(runToJson(runs[i]));
    const QJsonObject root{{QStringLiteral("format"), kFormat},
                           {QStringLiteral("version"), kVersion},
                           {QStringLiteral("runs"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool RunHistoryFile::parse(const QByteArray &json, std::vector<RunSummary> *runs, FileError *error)
{
    FileError local;
    FileError *e = error ? error : &local;
    const QString file = e->file;
    *e = FileError();
    e->file = file;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        locate(json, parseError.offset, e);
        e->message = RunsTr::tr("not valid JSON: %1").arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("format")).toString() != kFormat) {
        e->field = QStringLiteral("format");
        e->message = RunsTr::tr("this is not a Batchlab run history");
        return false;
    }
    const int version = root.value(QStringLiteral("version")).toInt(-1);
    if (version < 1 || version > kVersion) {
        e->field = QStringLiteral("version");
        e->message = RunsTr::tr("version %1 is not one this Batchlab reads (1 to %2)").arg(version).arg(kVersion);
        return false;
    }
    if (!root.value(QStringLiteral("runs")).isArray()) {
        e->field = QStringLiteral("runs");
        e->message = RunsTr::tr("expected an array");
        return false;
    }
    const QJsonArray list = root.value(QStringLiteral("runs")).toArray();
    std::vector<RunSummary> read;
    RunReader reader(e);
    for (qsizetype i = 0; i < list.size() && reader.ok(); ++i) {
        const QString at = QStringLiteral("runs[%1]").arg(i);
        if (!list.at(i).isObject())
            reader.fail(at, RunsTr::tr("expected an object"));
        else
            read.push_back(reader.run(list.at(i).toObject(), at + u'.'));
    }
    if (!reader.ok())
        return false;
    if (read.size() > size_t(kRunsKept))
        read.erase(read.begin(), read.end() - kRunsKept);
    *runs = std::move(read);
    return true;
}

bool RunHistoryFile::load(const QString &path, std::vector<RunSummary> *runs, FileError *error)
{
    FileError local;
    FileError *e = error ? error : &local;
    *e = FileError();
    e->file = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.exists()) {
        runs->clear();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        e->message = RunsTr::tr("cannot open: %1").arg(file.errorString());
        return false;
    }
    return parse(file.readAll(), runs, e);
}

bool RunHistoryFile::save(const QString &path, const std::vector<RunSummary> &runs, FileError *error)
{
    FileError local;
    FileError *e = error ? error : &local;
    *e = FileError();
    e->file = QFileInfo(path).fileName();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        e->message = RunsTr::tr("cannot write: %1").arg(file.errorString());
        return false;
    }
    file.write(serialize(runs));
    if (!file.commit()) {
        e->message = RunsTr::tr("cannot write: %1").arg(file.errorString());
        return false;
    }
    return true;
}

} // namespace batchlab
