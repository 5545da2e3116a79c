// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// A third-party server from tests/interop/servers/, run by Node for the length of a test:
// started with QProcess, its port read from the one line "LISTENING <port>" it prints when
// ready, killed when this object goes. The servers exit by themselves when stdin closes, so
// a test that dies does not leave one behind.

#include "support/testwait.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QUrl>

class NodeServer
{
public:
    /// Why the interop servers cannot run here, or empty when they can: Node is missing, or
    /// the servers' packages were not installed (tests/interop/servers/setup.sh says why).
    static QString unavailable(const QString &dir)
    {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty())
            return QStringLiteral("node not found (installer/install-deps.sh installs it)");
        if (!QFile::exists(dir + QStringLiteral("/node_modules/.batchlab-install-stamp")))
            return QStringLiteral("the servers' npm packages are not installed; run %1/setup.sh")
                .arg(QDir::toNativeSeparators(dir));
        return {};
    }

    NodeServer() = default;
    NodeServer(const NodeServer &) = delete;
    NodeServer &operator=(const NodeServer &) = delete;
    ~NodeServer() { stop(); }

    /// Runs `node <dir>/<script> 0 --exit-on-eof <args>`; false with `error` set when it did
    /// not say it was listening within `timeoutMs`.
    bool start(const QString &dir, const QString &script, const QStringList &args,
               QString *error, int timeoutMs = 30000)
    {
        m_process.setWorkingDirectory(dir);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral("node"),
                        QStringList{dir + u'/' + script, QStringLiteral("0"),
                                    QStringLiteral("--exit-on-eof")}
                            + args);
        QByteArray out;
        const bool ready = waitUntil(
            [&] {
                out += m_process.readAllStandardOutput();
                return out.contains('\n') || m_process.state() == QProcess::NotRunning;
            },
            timeoutMs);
        const QByteArray line = out.left(out.indexOf('\n')).trimmed();
        if (ready && line.startsWith("LISTENING ")) {
            m_port = line.mid(10).toInt();
            if (m_port > 0)
                return true;
        }
        *error = QStringLiteral("%1 did not start: %2 %3")
                     .arg(script, QString::fromUtf8(line),
                          QString::fromUtf8(m_process.readAllStandardError().right(2000)));
        stop();
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.closeWriteChannel();
        m_process.terminate();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }

    QUrl url(const QString &path = QString()) const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_port);
        url.setPath(path);
        return url;
    }
    int port() const { return m_port; }
    QByteArray log() { return m_process.readAllStandardError(); }

private:
    QProcess m_process;
    int m_port = 0;
};
