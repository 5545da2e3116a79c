#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace batchlab {

class ApiClient;

/// The knobs of the client — batching, retry, circuit breaker, cache — applied live to the
/// running client the moment one changes (each change is a config-changed event in the log).
class BatchSettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BatchSettingsPanel(ApiClient *client, QWidget *parent = nullptr);

    /// Shows the client's current settings (after a set with its own settings was opened).
    void refresh();

private:
    void apply();

    ApiClient *m_client;
    QSpinBox *m_maxBatchSize;
    QSpinBox *m_maxDelay;
    QComboBox *m_flushMode;
    QCheckBox *m_dedup;
    QSpinBox *m_timeout;
    QCheckBox *m_plainSingle;
    QSpinBox *m_attempts;
    QSpinBox *m_baseDelay;
    QCheckBox *m_breaker;
    QSpinBox *m_openDuration;
    QCheckBox *m_cache;
    QSpinBox *m_ttl;
    bool m_refreshing = false;
};

} // namespace batchlab
