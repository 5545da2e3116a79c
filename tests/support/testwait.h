// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// Waiting in tests without QTest::qWaitFor: that one sleeps 10 ms between event-loop passes,
// which adds tens of milliseconds to every loopback round trip when client and server share
// a thread, and makes timing assertions lie. This runs the event loop and checks every 1 ms.

#include <QEventLoop>
#include <QTimer>

#include <functional>

inline bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    poll.start(1);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}
