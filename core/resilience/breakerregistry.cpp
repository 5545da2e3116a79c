// SPDX-License-Identifier: BSD-3-Clause
#include "resilience/breakerregistry.h"

#include "telemetry/logging.h"
#include "telemetry/telemetry.h"

namespace batchlab {

BreakerRegistry::BreakerRegistry(Telemetry *telemetry, const Clock *clock,
                                 const BreakerConfig &config, QObject *parent)
    : QObject(parent)
    , m_telemetry(telemetry)
    , m_clock(clock)
    , m_config(config)
{ }

bool BreakerRegistry::setConfig(const BreakerConfig &config)
{
    if (const QString problem = config.validate(); !problem.isEmpty()) {
        qCWarning(lcQueue) << "invalid breaker config:" << problem;
        return false;
    }
    if (config.scope != m_config.scope)
        m_byId.clear(); // ids now name other things
    m_config = config;
    for (CircuitBreaker *breaker : std::as_const(m_breakers))
        breaker->setConfig(config);
    return true;
}

CircuitBreaker *BreakerRegistry::breaker(const QString &key)
{
    CircuitBreaker *&breaker = m_breakers[key];
    if (breaker)
        return breaker;
    breaker = new CircuitBreaker(key, m_config, m_clock, this);
    const quint32 keyId = m_telemetry->internKey(key);
    connect(breaker, &CircuitBreaker::stateChanged, this,
            [this, breaker, keyId](BreakerState from, BreakerState to) {
                Event event;
                event.time = m_telemetry->now();
                event.kind = EventKind::BreakerChanged;
                event.keyId = keyId;
                event.value = int(to);
                event.aux = int(from);
                m_telemetry->record(event);
                qCInfo(lcQueue) << "breaker" << breaker->key() << breakerStateName(from) << "->"
                                << breakerStateName(to);
                Q_EMIT breakerChanged(breaker->key(), from, to);
            });
    connect(breaker, &CircuitBreaker::paused, this, [this, keyId](qint64 ms) {
        Event event;
        event.time = m_telemetry->now();
        event.kind = EventKind::OriginPaused;
        event.keyId = keyId;
        event.value = int(ms);
        m_telemetry->record(event);
    });
    return breaker;
}

CircuitBreaker *BreakerRegistry::breakerFor(quint32 originId, quint32 keyId)
{
    const quint32 id = m_config.scope == BreakerConfig::Scope::PerOrigin ? originId : keyId;
    if (id >= m_byId.size())
        m_byId.resize(id + 1, nullptr);
    CircuitBreaker *&slot = m_byId[id];
    if (!slot)
        slot = breaker(m_telemetry->keyName(id));
    return slot;
}

QString BreakerRegistry::admit(quint32 originId, quint32 keyId, quint32 *epoch)
{
    CircuitBreaker *breaker = breakerFor(originId, keyId);
    if (epoch)
        *epoch = breaker->epoch();
    return breaker->admit();
}

void BreakerRegistry::record(quint32 originId, quint32 keyId, AttemptOutcome outcome,
                             qint64 retryAfterMs, quint32 epoch, const QString &cause)
{
    breakerFor(originId, keyId)->record(outcome, retryAfterMs, epoch, cause);
}

void BreakerRegistry::release(quint32 originId, quint32 keyId, quint32 epoch)
{
    breakerFor(originId, keyId)->release(epoch);
}

qint64 BreakerRegistry::pausedForMs(quint32 originId) const
{
    // A pause is per origin whatever the breaker scope: a 429 speaks for the whole server.
    if (m_config.scope == BreakerConfig::Scope::PerOrigin) {
        const CircuitBreaker *breaker = originId < m_byId.size() ? m_byId[originId] : nullptr;
        return breaker ? breaker->pausedForMs() : 0;
    }
    const QString origin = m_telemetry->keyName(originId);
    qint64 longest = 0;
    for (const CircuitBreaker *breaker : std::as_const(m_breakers)) {
        // A key is the batch endpoint's URL: the origin must end where the path begins, or
        // "http://h:80" would match "http://h:8080/$batch".
        if (sameOrigin(breaker->key(), origin))
            longest = qMax(longest, breaker->pausedForMs());
    }
    return longest;
}

bool BreakerRegistry::sameOrigin(const QString &key, const QString &origin)
{
    return key.startsWith(origin)
        && (key.size() == origin.size() || key.at(origin.size()) == u'/' || key.at(origin.size()) == u' ');
}

BreakerState BreakerRegistry::stateFor(const QString &origin) const
{
    // Worse first: what the user must know about before starting a run.
    const auto rank = [](BreakerState s) {
        switch (s) {
        case BreakerState::Open: return 4;
        case BreakerState::ForcedOpen: return 3;
        case BreakerState::HalfOpen: return 2;
        case BreakerState::Closed: return 1;
        case BreakerState::Disabled: return 0;
        }
        return 0;
    };
    BreakerState worst = m_config.enabled ? BreakerState::Closed : BreakerState::Disabled;
    for (const CircuitBreaker *breaker : std::as_const(m_breakers)) {
        if (sameOrigin(breaker->key(), origin) && rank(breaker->state()) > rank(worst))
            worst = breaker->state();
    }
    return worst;
}

int BreakerRegistry::resetAll()
{
    int changed = 0;
    for (CircuitBreaker *breaker : std::as_const(m_breakers)) {
        const BreakerState before = breaker->state();
        breaker->reset();
        changed += breaker->state() != before;
    }
    return changed;
}

} // namespace batchlab
