// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace batchlab {

/// The system's secret store (Secret Service or KWallet, macOS Keychain, Windows Credential
/// Manager) through QtKeychain, under service "batchlab". Where Batchlab was built without
/// QtKeychain, or no session bus runs (a container, a CI machine), it is simply not present:
/// reads answer "nothing" at once. A store that does not answer within a few seconds counts
/// as not present too, so that a locked or absent keyring never holds a run up.
class KeychainStore : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kService = "batchlab";
    static constexpr int kTimeoutMs = 3000;

    explicit KeychainStore(QObject *parent = nullptr);

    /// Whether Batchlab was built with QtKeychain.
    static bool compiledIn();
    /// Whether a store may answer here: built with it, and (on Linux) a session bus to reach.
    bool isAvailable() const;

    /// Calls `done` with the value stored under `key`, or nothing (none stored, no store, an
    /// error, too slow); always later, from the event loop, or at once when not available.
    void read(const QString &key, std::function<void(std::optional<QString>)> done);
    /// Stores `value` under `key`; a failure is logged (batchlab.core.secrets), never shown.
    void write(const QString &key, const QString &value);
};

} // namespace batchlab
