// SPDX-License-Identifier: BSD-3-Clause
#include "resilience/retrypolicy.h"
#include "resilience/resiliencetr.h"

#include "types/requestspec.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRandomGenerator>

#include <cmath>

namespace batchlab {

bool RetryPolicy::isRetriable(const ApiError &error, const QByteArray &method) const
{
    if (!RequestSpec::isIdempotentMethod(method) && !retryNonIdempotent)
        return false;
    const ErrorKind kind = error.kind == ErrorKind::BatchFailed ? error.cause : error.kind;
    switch (kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
        return true;
    case ErrorKind::Http:
        return retryStatuses.contains(error.status);
    default:
        return false; // protocol errors, cancellation, overflow, an open circuit
    }
}

std::chrono::milliseconds RetryPolicy::backoff(int nextAttempt, std::chrono::milliseconds previous,
                                               QRandomGenerator &random) const
{
    using std::chrono::milliseconds;
    const double base = double(baseDelay.count());
    const double cap = double(maxDelay.count());
    // Exponential, computed in floating point and capped before it can overflow.
    const double exponential
        = std::min(cap, base * std::pow(multiplier, std::max(0, nextAttempt - 2)));
    double delay = exponential;
    switch (jitter) {
    case Jitter::None:
        break;
    case Jitter::Full:
        delay = random.generateDouble() * exponential;
        break;
    case Jitter::Equal:
        delay = exponential / 2 + random.generateDouble() * exponential / 2;
        break;
    case Jitter::Decorrelated: {
        const double upper = std::max(base, double(previous.count()) * 3);
        delay = std::min(cap, base + random.generateDouble() * (upper - base));
        break;
    }
    }
    return milliseconds(qint64(std::llround(delay)));
}

namespace {
constexpr qlonglong kMaxDeltaSeconds = 2147483648LL; // 2^31, RFC 9111 §1.2.2
} // namespace

std::optional<std::chrono::milliseconds> RetryPolicy::parseRetryAfter(const QByteArray &value,
                                                                      const QDateTime &now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qlonglong seconds = text.toLongLong(&ok);
    if (ok)
        // Capped at 2^31 seconds, as RFC 9111 §1.2.2 caps delta-seconds: a hostile value
        // must not overflow the multiplication.
        return seconds >= 0 ? std::optional(std::chrono::milliseconds(qMin<qlonglong>(seconds, kMaxDeltaSeconds) * 1000))
                            : std::nullopt;
    const std::optional<QDateTime> date = parseHttpDate(text);
    if (!date)
        return std::nullopt;
    return std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(*date)));
}

QList<int> RetryPolicy::defaultRetryStatuses()
{
    return {408, 429, 500, 502, 503, 504};
}

QString RetryPolicy::validate() const
{
    if (maxAttempts < 1)
        return ResilienceTr::tr("maxAttempts must be at least 1 (it counts the first attempt)");
    if (baseDelay.count() < 0 || maxDelay.count() < 0 || maxRetryAfter.count() < 0)
        return ResilienceTr::tr("delays must not be negative");
    if (multiplier < 1.0)
        return ResilienceTr::tr("multiplier must be at least 1");
    if (budgetCapacity < 0 || retryCost < 0 || timeoutRetryCost < 0 || successRefund < 0)
        return ResilienceTr::tr("budget values must not be negative");
    return {};
}

} // namespace batchlab
