// SPDX-License-Identifier: BSD-3-Clause
#include "settings.h"

#include <QSettings>

namespace batchlab {

namespace {
const QString kRecent = QStringLiteral("recentFiles");
const QString kRetention = QStringLiteral("log/retention");
const QString kKeepBreakers = QStringLiteral("run/keepBreakerState");
const QString kLastSet = QStringLiteral("lastSet");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
constexpr int kDefaultRetention = 1000000;
constexpr int kMinRetention = 1000;
} // namespace

Settings::Settings(QSettings *store, QObject *parent)
    : QObject(parent), m_store(store ? store : new QSettings), m_ownsStore(!store)
{
    m_recentFiles = m_store->value(kRecent).toStringList().mid(0, kMaxRecentFiles);
    m_logRetention = qMax(kMinRetention, m_store->value(kRetention, kDefaultRetention).toInt());
    m_keepBreakerState = m_store->value(kKeepBreakers, false).toBool();
}

Settings::~Settings()
{
    if (m_ownsStore)
        delete m_store;
}

void Settings::setRecentFiles(QStringList files)
{
    files = files.mid(0, kMaxRecentFiles);
    if (files == m_recentFiles)
        return;
    m_recentFiles = files;
    m_store->setValue(kRecent, files);
    Q_EMIT recentFilesChanged(files);
}

void Settings::addRecentFile(const QString &path)
{
    QStringList files = m_recentFiles;
    files.removeAll(path);
    files.prepend(path);
    setRecentFiles(files);
}

void Settings::clearRecentFiles()
{
    setRecentFiles({});
}

void Settings::setLogRetention(int events)
{
    events = qMax(kMinRetention, events);
    if (events == m_logRetention)
        return;
    m_logRetention = events;
    m_store->setValue(kRetention, events);
    Q_EMIT logRetentionChanged(events);
}

void Settings::setKeepBreakerState(bool keep)
{
    if (keep == m_keepBreakerState)
        return;
    m_keepBreakerState = keep;
    m_store->setValue(kKeepBreakers, keep);
    Q_EMIT keepBreakerStateChanged(keep);
}

QString Settings::lastSet() const
{
    return m_store->value(kLastSet).toString();
}

void Settings::setLastSet(const QString &path)
{
    m_store->setValue(kLastSet, path);
}

QByteArray Settings::windowGeometry() const
{
    return m_store->value(kGeometry).toByteArray();
}

QByteArray Settings::windowState() const
{
    return m_store->value(kState).toByteArray();
}

void Settings::saveWindow(const QByteArray &geometry, const QByteArray &state)
{
    m_store->setValue(kGeometry, geometry);
    m_store->setValue(kState, state);
}

} // namespace batchlab
