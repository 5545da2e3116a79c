// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"
#include "sandbox/sandboxbehavior.h"

#include <QObject>
#include <QUrl>

namespace batchlab {

class ApiClient;
class RunPanel;
class SandboxServer;

/// Every setting that shapes a run, between the open set and the live objects that hold them:
/// the client's batching, retry, breaker and cache settings, the run panel's plan and the
/// sandbox's faults. Opening a set applies its settings, or the defaults for those it lacks,
/// so that nothing of the set opened before leaks into it; saving copies the live ones into
/// the set; and changed() with differsFrom() tells the window when they no longer match the
/// set's (unsaved changes).
class RunSetup : public QObject
{
    Q_OBJECT

public:
    RunSetup(ApiClient *client, RunPanel *runPanel, SandboxServer *sandbox, QObject *parent = nullptr);

    /// Applies `set`'s settings, defaults for what it lacks, its target's format and limit.
    void apply(const RequestSet &set);
    /// `set` with every settings block holding the live value.
    RequestSet withLiveSettings(RequestSet set) const;
    /// Whether the live settings are other than those `set` brings (defaults for what it lacks).
    bool differsFrom(const RequestSet &set) const;

    static SandboxFaults faultsOf(const SandboxBehavior &behavior);
    /// `faults` over `base`, which keeps what a file never holds (the required Authorization).
    static SandboxBehavior behaviorOf(const SandboxFaults &faults, SandboxBehavior base = {});

Q_SIGNALS:
    /// A live setting changed: the client's, the plan or the sandbox's faults.
    void changed();

private:
    QUrl sandboxUrl() const;
    /// `set` with defaults for the blocks it lacks and its target applied to the batch settings,
    /// as apply() makes them live.
    RequestSet effective(const RequestSet &set) const;

    ApiClient *m_client;
    RunPanel *m_runPanel;
    SandboxServer *m_sandbox;
};

} // namespace batchlab
