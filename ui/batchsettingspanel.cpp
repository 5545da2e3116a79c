#include "batchsettingspanel.h"

#include "apiclient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSpinBox>
#include <QVBoxLayout>

namespace batchlab {

namespace {

QSpinBox *spin(QWidget *parent, int min, int max, const QString &suffix, const QString &tip)
{
    auto *box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    box->setKeyboardTracking(false); // apply once the number is complete, not per keystroke
    return box;
}

} // namespace

BatchSettingsPanel::BatchSettingsPanel(ApiClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);

    auto *batching = new QGroupBox(tr("Batching"), this);
    auto *b = new QFormLayout(batching);
    m_maxBatchSize = spin(batching, 1, 1000, QString(), tr("Most calls in one batch; a full group leaves at once."));
    m_maxBatchSize->setObjectName(QStringLiteral("maxBatchSize"));
    b->addRow(tr("Max batch size"), m_maxBatchSize);
    m_maxDelay = spin(batching, 0, 10000, tr(" ms"), tr("How long a group waits for more calls before it leaves."));
    b->addRow(tr("Max delay"), m_maxDelay);
    m_flushMode = new QComboBox(batching);
    m_flushMode->addItems({tr("Window (from the first call)"), tr("Debounce (from the latest call)")});
    m_flushMode->setToolTip(tr("Window: a batch leaves at most max delay after its first call. Debounce: "
                               "after max delay without a new call."));
    b->addRow(tr("Flush"), m_flushMode);
    m_dedup = new QCheckBox(tr("Share identical calls in flight"), batching);
    b->addRow(tr("De-duplicate"), m_dedup);
    m_timeout = spin(batching, 0, 600000, tr(" ms"), tr("Deadline from enqueue to answer; 0 = none."));
    b->addRow(tr("Call timeout"), m_timeout);
    m_plainSingle = new QCheckBox(tr("Send a lone call as a plain request"), batching);
    b->addRow(QString(), m_plainSingle);
    layout->addWidget(batching);

    auto *retry = new QGroupBox(tr("Retry"), this);
    auto *r = new QFormLayout(retry);
    m_attempts = spin(retry, 1, 10, QString(), tr("Attempts in all, the first included. 1 = never retry."));
    r->addRow(tr("Attempts"), m_attempts);
    m_baseDelay = spin(retry, 0, 60000, tr(" ms"), tr("First backoff; it doubles per retry, with full jitter."));
    r->addRow(tr("Base delay"), m_baseDelay);
    layout->addWidget(retry);

    auto *breaker = new QGroupBox(tr("Circuit breaker and cache"), this);
    auto *k = new QFormLayout(breaker);
    m_breaker = new QCheckBox(tr("Open at 50% failures (per origin)"), breaker);
    k->addRow(tr("Breaker"), m_breaker);
    m_openDuration = spin(breaker, 100, 600000, tr(" ms"), tr("How long the breaker stays open before a probe."));
    k->addRow(tr("Open for"), m_openDuration);
    m_cache = new QCheckBox(tr("Answer repeated GETs from memory"), breaker);
    k->addRow(tr("Cache"), m_cache);
    m_ttl = spin(breaker, 0, 3600000, tr(" ms"), tr("How long an answer stays fresh unless it says otherwise."));
    k->addRow(tr("Fresh for"), m_ttl);
    layout->addWidget(breaker);
    layout->addStretch(1);

    refresh();
    for (QSpinBox *box : {m_maxBatchSize, m_maxDelay, m_timeout, m_attempts, m_baseDelay, m_openDuration, m_ttl})
        connect(box, &QSpinBox::valueChanged, this, &BatchSettingsPanel::apply);
    for (QCheckBox *box : {m_dedup, m_plainSingle, m_breaker, m_cache})
        connect(box, &QCheckBox::toggled, this, &BatchSettingsPanel::apply);
    connect(m_flushMode, &QComboBox::currentIndexChanged, this, &BatchSettingsPanel::apply);
    // Settings can change elsewhere too (an opened set brings its own): show what applies.
    connect(client, &ApiClient::configChanged, this, &BatchSettingsPanel::refresh);
}

void BatchSettingsPanel::refresh()
{
    m_refreshing = true;
    const ClientConfig c = m_client->config();
    m_maxBatchSize->setValue(c.batch.maxBatchSize);
    m_maxDelay->setValue(int(c.batch.maxDelay.count()));
    m_flushMode->setCurrentIndex(int(c.batch.flushMode));
    m_dedup->setChecked(c.batch.deduplicate);
    m_timeout->setValue(int(c.batch.timeout.count()));
    m_plainSingle->setChecked(c.batch.sendSingleAsPlain);
    m_attempts->setValue(c.retry.maxAttempts);
    m_baseDelay->setValue(int(c.retry.baseDelay.count()));
    m_breaker->setChecked(c.breaker.enabled);
    m_openDuration->setValue(int(c.breaker.openDuration.count()));
    m_cache->setChecked(c.cache.enabled);
    m_ttl->setValue(int(c.cache.defaultTtl.count()));
    m_refreshing = false;
}

void BatchSettingsPanel::apply()
{
    if (m_refreshing)
        return;
    using std::chrono::milliseconds;
    ClientConfig c = m_client->config();
    c.batch.maxBatchSize = m_maxBatchSize->value();
    c.batch.maxDelay = milliseconds(m_maxDelay->value());
    c.batch.flushMode = FlushMode(m_flushMode->currentIndex());
    c.batch.deduplicate = m_dedup->isChecked();
    c.batch.timeout = milliseconds(m_timeout->value());
    c.batch.sendSingleAsPlain = m_plainSingle->isChecked();
    c.retry.maxAttempts = m_attempts->value();
    c.retry.baseDelay = milliseconds(m_baseDelay->value());
    c.breaker.enabled = m_breaker->isChecked();
    c.breaker.openDuration = milliseconds(m_openDuration->value());
    c.breaker.maxOpenDuration = std::max(c.breaker.maxOpenDuration, c.breaker.openDuration);
    c.cache.enabled = m_cache->isChecked();
    c.cache.defaultTtl = milliseconds(m_ttl->value());
    m_client->setConfig(c);
}

} // namespace batchlab
