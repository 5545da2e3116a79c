// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"

#include <QWidget>

#include <functional>
#include <vector>

class QFormLayout;
class QLabel;

namespace batchlab {

/// Every knob of the client — batching, retry, circuit breaker, cache — with units and
/// tooltips, applied live to the running client the moment one changes (each change is a
/// config-changed event in the log that names it).
class BatchSettingsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BatchSettingsPanel(ApiClient *client, QWidget *parent = nullptr);
    ~BatchSettingsPanel() override;

    /// Shows the client's current settings (after a set with its own settings was opened).
    void refresh();
    /// Shows the batch limits servers taught (RequestQueue::learnedLimits()).
    void showLearnedLimits();

private:
    using Get = std::function<int(const ClientConfig &)>;
    using Set = std::function<void(ClientConfig &, int)>;

    QFormLayout *group(const QString &title);
    void addNumber(QFormLayout *form, const char *name, const QString &label, int min, int max,
                   const QString &suffix, const QString &tip, Get get, Set set);
    void addDecimal(QFormLayout *form, const char *name, const QString &label, double min, double max, int decimals,
                    const QString &suffix, const QString &tip, std::function<double(const ClientConfig &)> get,
                    std::function<void(ClientConfig &, double)> set);
    void addSwitch(QFormLayout *form, const char *name, const QString &label, const QString &text,
                   const QString &tip, std::function<bool(const ClientConfig &)> get,
                   std::function<void(ClientConfig &, bool)> set);
    void addChoice(QFormLayout *form, const char *name, const QString &label, const QStringList &choices,
                   const QString &tip, Get get, Set set);
    void change(const std::function<void(ClientConfig &)> &edit);
    /// Says under the settings why a box refused what was typed into it.
    void refuse(const QString &label, const QString &why);
    void showServerLimit(const BatchConfig &batch);

    ApiClient *m_client;
    QLabel *m_problem;
    QLabel *m_serverLimit;
    QLabel *m_learned;
    std::vector<std::function<void(const ClientConfig &)>> m_shows; ///< one per knob
    bool m_refreshing = false;
};

} // namespace batchlab
