// SPDX-License-Identifier: BSD-3-Clause
#include "runs/keychainstore.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

#include <memory>

#if BATCHLAB_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

Q_LOGGING_CATEGORY(lcSecrets, "batchlab.core.secrets", QtWarningMsg)

namespace batchlab {

KeychainStore::KeychainStore(QObject *parent) : QObject(parent) { }

bool KeychainStore::compiledIn()
{
    return BATCHLAB_HAVE_KEYCHAIN;
}

bool KeychainStore::isAvailable() const
{
    if (!compiledIn())
        return false;
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    // Without a session bus the Secret Service cannot be reached; asking anyway could start
    // D-Bus autolaunching. Not present, then.
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus"));
#else
    return true;
#endif
}

void KeychainStore::read(const QString &key, std::function<void(std::optional<QString>)> done)
{
    if (!isAvailable()) {
        done(std::nullopt);
        return;
    }
#if BATCHLAB_HAVE_KEYCHAIN
    // Answered once: by the store, or by the timer when the store keeps silent.
    auto answer = std::make_shared<std::function<void(std::optional<QString>)>>(std::move(done));
    const auto once = [answer](std::optional<QString> value) {
        if (!*answer)
            return;
        const auto call = std::move(*answer);
        *answer = nullptr;
        call(std::move(value));
    };
    auto *job = new QKeychain::ReadPasswordJob(QLatin1String(kService));
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [once, key](QKeychain::Job *finished) {
        const auto *reader = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (finished->error() == QKeychain::NoError) {
            once(reader->textData());
            return;
        }
        if (finished->error() != QKeychain::EntryNotFound)
            qCInfo(lcSecrets) << "secret store: cannot read" << key << ":" << finished->errorString();
        once(std::nullopt);
    });
    QTimer::singleShot(kTimeoutMs, this, [once, key] {
        qCInfo(lcSecrets) << "secret store: no answer for" << key << "in time";
        once(std::nullopt);
    });
    job->start();
#else
    Q_UNUSED(key)
#endif
}

void KeychainStore::write(const QString &key, const QString &value)
{
    if (!isAvailable())
        return;
#if BATCHLAB_HAVE_KEYCHAIN
    auto *job = new QKeychain::WritePasswordJob(QLatin1String(kService));
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [key](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError)
            qCWarning(lcSecrets) << "secret store: cannot keep" << key << ":" << finished->errorString();
    });
    job->start();
#else
    Q_UNUSED(key)
    Q_UNUSED(value)
#endif
}

} // namespace batchlab
