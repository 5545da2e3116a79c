// SPDX-License-Identifier: BSD-3-Clause
#include "run/batchsettingspanel.h"
#include "run/runtr.h"
#include "widgets/boundeddoublespinbox.h"
#include "widgets/boundedspinbox.h"
#include "widgets/wheelguard.h"

#include "engine/requestqueue.h"
#include "telemetry/telemetry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

#include <chrono>
#include <type_traits>

namespace batchlab {

namespace {

using std::chrono::milliseconds;

template<typename T>
int toInt(T value)
{
    if constexpr (std::is_same_v<T, milliseconds>)
        return int(value.count());
    else
        return int(value);
}

template<typename T>
T fromInt(int value)
{
    if constexpr (std::is_same_v<T, milliseconds>)
        return milliseconds(value);
    else
        return T(value);
}

/// Reads and writes one integer-like field (int, milliseconds, enum) of one part of the config.
template<typename Part, typename T>
auto field(Part ClientConfig::*part, T Part::*member)
{
    return std::pair{[=](const ClientConfig &c) { return toInt(c.*part.*member); },
                     [=](ClientConfig &c, int v) { c.*part.*member = fromInt<T>(v); }};
}

template<typename Part>
auto flag(Part ClientConfig::*part, bool Part::*member)
{
    return std::pair{[=](const ClientConfig &c) { return c.*part.*member; },
                     [=](ClientConfig &c, bool v) { c.*part.*member = v; }};
}

} // namespace

BatchSettingsPanel::BatchSettingsPanel(ApiClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    auto *problem = new QLabel(this); // says why a change was not applied
    problem->setObjectName(QStringLiteral("settingsProblem"));
    problem->setStyleSheet(QStringLiteral("color: #b00020"));
    problem->setWordWrap(true);
    problem->hide();
    layout->addWidget(problem);
    m_problem = problem;

    const QString ms = RunTr::tr(" ms");
    QFormLayout *b = group(RunTr::tr("Batching"));
    auto [bs, bsSet] = field(&ClientConfig::batch, &BatchConfig::maxBatchSize);
    addNumber(b, "maxBatchSize", RunTr::tr("Max batch size"), 1, 1000, QString(),
              RunTr::tr("Most calls in one batch; a full group leaves at once. A server profile may cap it."), bs, bsSet);
    // The server profile's limit, under the knob it caps: a box at 100 whose batches leave at
    // 20 would otherwise look like a bug.
    m_serverLimit = new QLabel(this);
    m_serverLimit->setObjectName(QStringLiteral("serverLimit"));
    m_serverLimit->setWordWrap(true);
    m_serverLimit->setToolTip(RunTr::tr("Set by the target's server profile (Target tab): the most calls the server takes "
                                        "in one batch. Larger batches would be refused, so a group leaves when it holds "
                                        "this many."));
    m_serverLimit->hide();
    b->addRow(QString(), m_serverLimit);
    m_shows.push_back([this](const ClientConfig &c) { showServerLimit(c.batch); });
    // What the server taught, under the knob it caps: a limit nobody configured.
    m_learned = new QLabel(this);
    m_learned->setObjectName(QStringLiteral("learnedLimits"));
    m_learned->setWordWrap(true);
    m_learned->setToolTip(RunTr::tr("A server that refuses a batch as too large without saying its limit has its "
                                    "batches split and sent again; the largest size it takes is searched for "
                                    "and caps later batches to it."));
    m_learned->hide();
    b->addRow(QString(), m_learned);
    connect(m_client->telemetry(), &Telemetry::eventsAppended, this, &BatchSettingsPanel::showLearnedLimits);
    auto [md, mdSet] = field(&ClientConfig::batch, &BatchConfig::maxDelay);
    addNumber(b, "maxDelay", RunTr::tr("Max delay"), 0, 10000, ms, RunTr::tr("How long a group waits for more calls before it leaves."),
              md, mdSet);
    auto [fm, fmSet] = field(&ClientConfig::batch, &BatchConfig::flushMode);
    addChoice(b, "flushMode", RunTr::tr("Flush"), {RunTr::tr("Window (from the first call)"), RunTr::tr("Debounce (from the latest call)")},
              RunTr::tr("Window: a batch leaves at most max delay after its first call. Debounce: after max delay "
                 "without a new call."),
              fm, fmSet);
    auto [dd, ddSet] = field(&ClientConfig::batch, &BatchConfig::dedup);
    addChoice(b, "deduplicate", RunTr::tr("De-duplicate"),
              {RunTr::tr("Off"), RunTr::tr("Safe methods (GET, HEAD, OPTIONS)"), RunTr::tr("Idempotent methods (+ PUT, DELETE)")},
              RunTr::tr("Identical calls (method, URL, headers, body) waiting or in flight share one batch item and "
                 "its answer. Writes never share by default: two identical POSTs must both reach the server."),
              dd, ddSet);
    auto [bk, bkSet] = field(&ClientConfig::batch, &BatchConfig::batchKey);
    addChoice(b, "batchKey", RunTr::tr("Batch together"), {RunTr::tr("Same origin"), RunTr::tr("Same origin and method"), RunTr::tr("Same path prefix")},
              RunTr::tr("Which calls may travel in the same batch."), bk, bkSet);
    auto [ps, psSet] = field(&ClientConfig::batch, &BatchConfig::pathPrefixSegments);
    addNumber(b, "pathPrefixSegments", RunTr::tr("Prefix segments"), 1, 10, QString(),
              RunTr::tr("With \"same path prefix\": how many leading path segments must match."), ps, psSet);
    auto [qs, qsSet] = field(&ClientConfig::batch, &BatchConfig::maxQueueSize);
    addNumber(b, "maxQueueSize", RunTr::tr("Queue limit"), 1, 10000000, RunTr::tr(" calls"),
              RunTr::tr("Most distinct calls waiting to be sent; one more fails at once with \"queue overflow\"."), qs, qsSet);
    auto [to, toSet] = field(&ClientConfig::batch, &BatchConfig::timeout);
    addNumber(b, "timeout", RunTr::tr("Call timeout"), 0, 600000, ms, RunTr::tr("Deadline from enqueue to answer, retries included; 0 = none."),
              to, toSet);
    auto [at, atSet] = field(&ClientConfig::batch, &BatchConfig::attemptTimeout);
    addNumber(b, "attemptTimeout", RunTr::tr("Attempt timeout"), 0, 600000, ms,
              RunTr::tr("Deadline of one HTTP exchange; a hanging server then fails with a timeout that retry and the "
                 "breaker see. 0 = none."),
              at, atSet);
    auto [sp, spSet] = flag(&ClientConfig::batch, &BatchConfig::sendSingleAsPlain);
    addSwitch(b, "sendSingleAsPlain", QString(), RunTr::tr("Send a lone call as a plain request"),
              RunTr::tr("A group of one goes out as an ordinary request instead of a batch of one."), sp, spSet);
    auto [au, auSet] = field(&ClientConfig::batch, &BatchConfig::itemUrls);
    addChoice(b, "itemUrls", RunTr::tr("Item URLs"),
              {RunTr::tr("Relative to the service root"), RunTr::tr("Absolute URLs"), RunTr::tr("Absolute path + Host")},
              RunTr::tr("How a call's URL is written inside a batch. OData services and Microsoft Graph resolve it "
                 "against the service root (the batch endpoint's folder); OData also takes absolute URLs; "
                 "Google's multipart batches want the absolute path. The server profile picks the usual one."),
              au, auSet);
    auto [coe, coeSet] = flag(&ClientConfig::batch, &BatchConfig::continueOnError);
    addSwitch(b, "continueOnError", QString(), RunTr::tr("Ask the server to continue on error"),
              RunTr::tr("Sends Prefer: odata.continue-on-error. Without it an OData server stops at the first failed "
                 "call of a batch and leaves the rest unanswered."),
              coe, coeSet);

    QFormLayout *r = group(RunTr::tr("Retry"));
    auto [ma, maSet] = field(&ClientConfig::retry, &RetryPolicy::maxAttempts);
    addNumber(r, "maxAttempts", RunTr::tr("Attempts"), 1, 10, QString(), RunTr::tr("Attempts in all, the first included. 1 = never retry."),
              ma, maSet);
    auto [bd, bdSet] = field(&ClientConfig::retry, &RetryPolicy::baseDelay);
    addNumber(r, "baseDelay", RunTr::tr("First backoff"), 0, 60000, ms, RunTr::tr("Wait before the first retry; it grows by the factor below."),
              bd, bdSet);
    addDecimal(r, "multiplier", RunTr::tr("Backoff factor"), 1, 10, 1, RunTr::tr(" ×"), RunTr::tr("Each backoff is this many times the previous."),
               [](const ClientConfig &c) { return c.retry.multiplier; },
               [](ClientConfig &c, double v) { c.retry.multiplier = v; });
    auto [xd, xdSet] = field(&ClientConfig::retry, &RetryPolicy::maxDelay);
    addNumber(r, "retryMaxDelay", RunTr::tr("Longest backoff"), 0, 600000, ms, RunTr::tr("No backoff is longer than this."), xd, xdSet);
    auto [ji, jiSet] = field(&ClientConfig::retry, &RetryPolicy::jitter);
    addChoice(r, "jitter", RunTr::tr("Jitter"), {RunTr::tr("None"), RunTr::tr("Full"), RunTr::tr("Equal"), RunTr::tr("Decorrelated")},
              RunTr::tr("Randomness in the backoff, so that clients failing together do not retry together."), ji, jiSet);
    auto [ra, raSet] = flag(&ClientConfig::retry, &RetryPolicy::honorRetryAfter);
    addSwitch(r, "honorRetryAfter", RunTr::tr("Retry-After"), RunTr::tr("Wait as long as the server asks"),
              RunTr::tr("A 429 or 503 with Retry-After waits that long (at most the limit below) instead of the backoff."),
              ra, raSet);
    auto [mr, mrSet] = field(&ClientConfig::retry, &RetryPolicy::maxRetryAfter);
    addNumber(r, "maxRetryAfter", RunTr::tr("Retry-After limit"), 0, 3600000, ms,
              RunTr::tr("A longer Retry-After is not waited for: the call fails instead."), mr, mrSet);
    auto [ni, niSet] = flag(&ClientConfig::retry, &RetryPolicy::retryNonIdempotent);
    addSwitch(r, "retryNonIdempotent", RunTr::tr("Unsafe methods"), RunTr::tr("Retry POST and PATCH too"),
              RunTr::tr("Off: only GET, HEAD, PUT, DELETE and OPTIONS are retried, since repeating a POST may repeat its effect."),
              ni, niSet);
    auto [ub, ubSet] = flag(&ClientConfig::retry, &RetryPolicy::useBudget);
    addSwitch(r, "useBudget", RunTr::tr("Retry budget"), RunTr::tr("Limit retries per origin"),
              RunTr::tr("A token bucket per origin: each retry costs 5 tokens (10 after a timeout), each success refunds "
                 "1, so an outage cannot turn into a retry storm."),
              ub, ubSet);
    auto [bc, bcSet] = field(&ClientConfig::retry, &RetryPolicy::budgetCapacity);
    addNumber(r, "budgetCapacity", RunTr::tr("Budget"), 1, 100000, RunTr::tr(" tokens"), RunTr::tr("Tokens in a full bucket."), bc, bcSet);

    QFormLayout *k = group(RunTr::tr("Circuit breaker"));
    auto [be, beSet] = flag(&ClientConfig::breaker, &BreakerConfig::enabled);
    addSwitch(k, "breakerEnabled", RunTr::tr("Breaker"), RunTr::tr("Stop calling a failing server"),
              RunTr::tr("Failures are transport errors, timeouts, 5xx and 408; a 429 pauses the origin instead."), be, beSet);
    auto [sc, scSet] = field(&ClientConfig::breaker, &BreakerConfig::scope);
    addChoice(k, "breakerScope", RunTr::tr("One breaker per"), {RunTr::tr("Origin"), RunTr::tr("Batch key")}, RunTr::tr("What one breaker watches."),
              sc, scSet);
    auto [tp, tpSet] = field(&ClientConfig::breaker, &BreakerConfig::trip);
    addChoice(k, "breakerTrip", RunTr::tr("Opens on"), {RunTr::tr("Failure rate"), RunTr::tr("Consecutive failures")},
              RunTr::tr("Failure rate over the window once enough calls were seen, or a run of failures."), tp, tpSet);
    addDecimal(k, "failureRateThreshold", RunTr::tr("Failure rate"), 1, 100, 0, RunTr::tr(" %"),
               RunTr::tr("Opens when failures / calls over the window reach this."),
               [](const ClientConfig &c) { return c.breaker.failureRateThreshold * 100; },
               [](ClientConfig &c, double v) { c.breaker.failureRateThreshold = v / 100; });
    auto [wi, wiSet] = field(&ClientConfig::breaker, &BreakerConfig::window);
    addNumber(k, "breakerWindow", RunTr::tr("Window"), 1000, 600000, ms, RunTr::tr("How far back the failure rate looks."), wi, wiSet);
    auto [mc, mcSet] = field(&ClientConfig::breaker, &BreakerConfig::minimumCalls);
    addNumber(k, "minimumCalls", RunTr::tr("Minimum calls"), 1, 100000, RunTr::tr(" calls"),
              RunTr::tr("The rate is not judged on fewer calls than this in the window."), mc, mcSet);
    auto [cf, cfSet] = field(&ClientConfig::breaker, &BreakerConfig::consecutiveFailures);
    addNumber(k, "consecutiveFailures", RunTr::tr("Failures in a row"), 1, 10000, QString(),
              RunTr::tr("With \"consecutive failures\": opens after this many in a row."), cf, cfSet);
    auto [od, odSet] = field(&ClientConfig::breaker, &BreakerConfig::openDuration);
    addNumber(k, "openDuration", RunTr::tr("Open for"), 100, 600000, ms,
              RunTr::tr("How long the breaker stays open before one probe call; doubles per failed probe."), od, odSet);
    auto [mo, moSet] = field(&ClientConfig::breaker, &BreakerConfig::maxOpenDuration);
    addNumber(k, "maxOpenDuration", RunTr::tr("Open at most"), 100, 3600000, ms, RunTr::tr("The doubling stops here."), mo, moSet);
    auto [pt, ptSet] = field(&ClientConfig::breaker, &BreakerConfig::probeTimeout);
    addNumber(k, "probeTimeout", RunTr::tr("Probe timeout"), 100, 600000, ms,
              RunTr::tr("A probe that does not answer in time opens the breaker again."), pt, ptSet);

    QFormLayout *h = group(RunTr::tr("Cache"));
    auto [ce, ceSet] = flag(&ClientConfig::cache, &CacheConfig::enabled);
    addSwitch(h, "cacheEnabled", RunTr::tr("Cache"), RunTr::tr("Answer repeated GETs from memory"),
              RunTr::tr("Keyed like de-duplication; no-store and no-cache answers are not kept."), ce, ceSet);
    auto [tt, ttSet] = field(&ClientConfig::cache, &CacheConfig::defaultTtl);
    addNumber(h, "cacheTtl", RunTr::tr("Fresh for"), 0, 3600000, ms,
              RunTr::tr("How long an answer stays fresh unless its Cache-Control max-age says otherwise."), tt, ttSet);
    auto [me, meSet] = field(&ClientConfig::cache, &CacheConfig::maxEntries);
    addNumber(h, "cacheEntries", RunTr::tr("Entries"), 1, 10000000, QString(), RunTr::tr("The least recently used go first."), me, meSet);
    addNumber(h, "cacheBytes", RunTr::tr("Size"), 1, 4096, RunTr::tr(" MiB"), RunTr::tr("Bodies and headers kept, at most."),
              [](const ClientConfig &c) { return int(c.cache.maxBytes / (1024 * 1024)); },
              [](ClientConfig &c, int v) { c.cache.maxBytes = qint64(v) * 1024 * 1024; });
    auto [er, erSet] = flag(&ClientConfig::cache, &CacheConfig::cacheErrors);
    addSwitch(h, "cacheErrors", QString(), RunTr::tr("Keep failed answers too"), RunTr::tr("Errors are cached for the same time."), er,
              erSet);
    layout->addStretch(1);

    refresh();
    // Settings can change elsewhere too (an opened set brings its own): show what applies.
    connect(client, &ApiClient::configChanged, this, &BatchSettingsPanel::refresh);
}

BatchSettingsPanel::~BatchSettingsPanel()
{
    // A box with a number half typed commits it when it loses the focus, which ~QWidget would
    // take only once this part of the panel is gone: commit it now, while change() can run.
    if (QWidget *focused = focusWidget(); focused && isAncestorOf(focused))
        focused->clearFocus();
}

QFormLayout *BatchSettingsPanel::group(const QString &title)
{
    auto *box = new QGroupBox(title, this);
    layout()->addWidget(box);
    return new QFormLayout(box);
}

void BatchSettingsPanel::addNumber(QFormLayout *form, const char *name, const QString &label, int min, int max,
                                   const QString &suffix, const QString &tip, Get get, Set set)
{
    auto *box = new BoundedSpinBox(this);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    box->setGroupSeparatorShown(max >= 10000);
    box->setKeyboardTracking(false); // apply once the number is complete, not per keystroke
    form->addRow(label, box);
    m_shows.push_back([box, get](const ClientConfig &c) { box->setValue(get(c)); });
    connect(box, &QSpinBox::valueChanged, this, [this, set](int v) { change([&](ClientConfig &c) { set(c, v); }); });
    connect(box, &BoundedSpinBox::refused, this, [this, label](const QString &why) { refuse(label, why); });
}

void BatchSettingsPanel::addDecimal(QFormLayout *form, const char *name, const QString &label, double min, double max,
                                    int decimals, const QString &suffix, const QString &tip,
                                    std::function<double(const ClientConfig &)> get,
                                    std::function<void(ClientConfig &, double)> set)
{
    auto *box = new BoundedDoubleSpinBox(this);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    box->setKeyboardTracking(false);
    form->addRow(label, box);
    m_shows.push_back([box, get](const ClientConfig &c) { box->setValue(get(c)); });
    connect(box, &QDoubleSpinBox::valueChanged, this,
            [this, set](double v) { change([&](ClientConfig &c) { set(c, v); }); });
    connect(box, &BoundedDoubleSpinBox::refused, this, [this, label](const QString &why) { refuse(label, why); });
}

void BatchSettingsPanel::addSwitch(QFormLayout *form, const char *name, const QString &label, const QString &text,
                                   const QString &tip, std::function<bool(const ClientConfig &)> get,
                                   std::function<void(ClientConfig &, bool)> set)
{
    auto *box = new QCheckBox(text, this);
    box->setObjectName(QLatin1String(name));
    box->setToolTip(tip);
    form->addRow(label, box);
    m_shows.push_back([box, get](const ClientConfig &c) { box->setChecked(get(c)); });
    connect(box, &QCheckBox::toggled, this, [this, set](bool v) { change([&](ClientConfig &c) { set(c, v); }); });
}

void BatchSettingsPanel::addChoice(QFormLayout *form, const char *name, const QString &label, const QStringList &choices,
                                   const QString &tip, Get get, Set set)
{
    auto *box = new QComboBox(this);
    box->setObjectName(QLatin1String(name));
    WheelGuard::install(box);
    box->addItems(choices);
    box->setToolTip(tip);
    form->addRow(label, box);
    m_shows.push_back([box, get](const ClientConfig &c) { box->setCurrentIndex(get(c)); });
    connect(box, &QComboBox::currentIndexChanged, this,
            [this, set](int v) { change([&](ClientConfig &c) { set(c, v); }); });
}

void BatchSettingsPanel::refresh()
{
    m_refreshing = true;
    const ClientConfig c = m_client->config();
    for (const auto &show : m_shows)
        show(c);
    m_refreshing = false;
}

void BatchSettingsPanel::change(const std::function<void(ClientConfig &)> &edit)
{
    if (m_refreshing)
        return;
    ClientConfig c = m_client->config();
    edit(c);
    // A longer "open for" than "open at most" is what the user means, not an error.
    c.breaker.maxOpenDuration = std::max(c.breaker.maxOpenDuration, c.breaker.openDuration);
    QStringList problems;
    for (const QString &p : {c.batch.validate(), c.retry.validate(), c.breaker.validate()}) {
        if (!p.isEmpty())
            problems.append(p);
    }
    m_problem->setText(RunTr::tr("Not applied: %1").arg(problems.join(QStringLiteral("; "))));
    m_problem->setVisible(!problems.isEmpty());
    if (problems.isEmpty()) {
        m_client->setConfig(c);
        showServerLimit(c.batch);
    } else {
        refresh(); // show what still applies
    }
}

void BatchSettingsPanel::refuse(const QString &label, const QString &why)
{
    m_problem->setText(RunTr::tr("%1: %2.").arg(label, why));
    m_problem->show();
}

void BatchSettingsPanel::showServerLimit(const BatchConfig &batch)
{
    const int limit = batch.serverLimit;
    m_serverLimit->setVisible(limit > 0);
    if (limit <= 0)
        return;
    m_serverLimit->setText(batch.maxBatchSize > limit
                               ? RunTr::tr("The server takes at most %1 per batch: batches leave at %1.").arg(limit)
                               : RunTr::tr("The server takes at most %1 per batch.").arg(limit));
}

void BatchSettingsPanel::showLearnedLimits()
{
    QStringList lines;
    for (const LearnedLimits::Known &known : m_client->queue()->learnedLimits()) {
        lines.append(known.limit == 0
                         ? RunTr::tr("%1 takes no batches: calls go alone").arg(known.endpoint)
                         : RunTr::tr("learned from %1: at most %2 per batch (refused %3)")
                               .arg(known.endpoint)
                               .arg(known.limit)
                               .arg(known.refused));
    }
    const QString text = lines.join(u'\n');
    if (text == m_learned->text())
        return;
    m_learned->setText(text);
    m_learned->setVisible(!text.isEmpty());
}

} // namespace batchlab
