// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"

#include <QWidget>

#include <functional>
#include <vector>

class QFormLayout;
class QLabel;

namespace batchlab {

struct Knob;

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
    QFormLayout *group(const QString &title);
    /// A row for `knob` (KnobTable): a box of its type, named as the command line names it.
    void addKnob(QFormLayout *form, const Knob &knob);
    /// The server's limits, under the max batch size they cap.
    void addBatchLimits(QFormLayout *form);
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
