// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QStringList>

class QSettings;

namespace batchlab {

/// The workbench's own preferences, typed, over QSettings. Setters store at once and emit only
/// when the value really changes. Window geometry and dock layout are kept apart (they are
/// the window's business, saved on close).
class Settings : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxRecentFiles = 10;

    /// Uses QSettings' default location unless `store` is given (tests pass their own).
    explicit Settings(QSettings *store = nullptr, QObject *parent = nullptr);
    ~Settings() override;

    QStringList recentFiles() const { return m_recentFiles; }
    /// Puts `path` first, keeping at most kMaxRecentFiles.
    void addRecentFile(const QString &path);
    void clearRecentFiles();

    int logRetention() const { return m_logRetention; }
    void setLogRetention(int events);

    /// Whether a run starts with the breakers, retry budgets and learned limits the last one
    /// left (Runner::setKeepServerState); off by default: each run starts afresh.
    bool keepBreakerState() const { return m_keepBreakerState; }
    void setKeepBreakerState(bool keep);

    /// The set open when the workbench last closed, reopened at start; empty for a sample.
    QString lastSet() const;
    void setLastSet(const QString &path);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void saveWindow(const QByteArray &geometry, const QByteArray &state);

Q_SIGNALS:
    void recentFilesChanged(const QStringList &files);
    void logRetentionChanged(int events);
    void keepBreakerStateChanged(bool keep);

private:
    void setRecentFiles(QStringList files);

    QSettings *m_store;
    bool m_ownsStore;
    QStringList m_recentFiles;
    int m_logRetention;
    bool m_keepBreakerState;
};

} // namespace batchlab
