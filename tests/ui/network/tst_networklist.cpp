// SPDX-License-Identifier: BSD-3-Clause
// The network list: NetworkFilter's DevTools-style words, NetworkListModel over a
// CallDirectory, NetworkFilterProxy (sliced filtering, sorting, rows that settle or leave),
// and the dock's links; fed by hand and by a real Runner against the sandbox.
#include "network/networkfilter.h"
#include "network/networkfilterproxy.h"
#include "network/networklistmodel.h"
#include "network/networklistview.h"
#include "runs/calldirectory.h"
#include "runs/runner.h"
#include "sandbox/sandboxserver.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

using namespace batchlab;
using namespace std::chrono_literals;

namespace {

ApiResult answer(quint64 id, int status, qsizetype bytes, quint64 batch, bool cached = false, bool shared = false)
{
    ApiResult result;
    result.response.requestId = id;
    result.response.status = status;
    result.response.body = QByteArray(bytes, 'x');
    result.response.batchId = batch;
    result.response.cached = cached;
    result.response.deduplicated = shared;
    return result;
}

ApiResult failure(quint64 id, ErrorKind kind, int status)
{
    ApiResult result;
    result.error = {kind, kind, QStringLiteral("no"), status, {}, id, 3};
    return result;
}

/// Six calls of two requests: every way a call can end, and one still pending.
void fill(CallDirectory &calls)
{
    calls.beginRun(QStringLiteral("set"), {{QStringLiteral("list users"), "GET", QStringLiteral("http://h/users"), 0},
                                           {QStringLiteral("create item"), "POST", QStringLiteral("http://h/items"), 1}});
    for (quint64 id = 1; id <= 6; ++id)
        calls.sent(id, quint32((id - 1) % 2));
    calls.settled(1, answer(1, 200, 2000, 12));
    calls.settled(2, answer(2, 201, 10, 12));
    calls.settled(3, answer(3, 200, 2000, 0, true));
    calls.settled(4, failure(4, ErrorKind::Http, 500));
    calls.settled(5, answer(5, 200, 2000, 12, false, true));
}

QList<quint64> shownIds(const QAbstractItemModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(NetworkListModel::RequestIdRole).toULongLong());
    return ids;
}

} // namespace

class TestNetworkList : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void filters_data();
    void filters();
    void wordsItCannotReadAreNamed();
    void durationsReadAsDevToolsShowsThem_data();
    void durationsReadAsDevToolsShowsThem();
    void sortsAndPlacesRowsAsTheySettle();
    void aRealRunFillsTheList();
    void aLargeListIsRefilteredInSlicesAndLeavesWithTheDirectory();
    void theDockLinksCallsBothWays();
};

void TestNetworkList::initTestCase()
{
    QVERIFY(installTranslations(QCoreApplication::instance()));
}

void TestNetworkList::durationsReadAsDevToolsShowsThem_data()
{
    // The Time and Queued columns read "102.054 ms" above "11.758 µs": one unit, few digits.
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds") << qint64(1'254'000'000) << QStringLiteral("1.25 s");
    QTest::newRow("tens of ms") << qint64(102'054'000) << QStringLiteral("102 ms");
    QTest::newRow("ms") << qint64(8'240'000) << QStringLiteral("8.2 ms");
    QTest::newRow("µs") << qint64(11'758) << QStringLiteral("0.01 ms");
    QTest::newRow("none") << qint64(0) << QStringLiteral("0.00 ms");
}

void TestNetworkList::durationsReadAsDevToolsShowsThem()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QLocale::setDefault(QLocale::c());
    QCOMPARE(NetworkListModel::columnDuration(ns), text);
    QLocale::setDefault(QLocale::system());
}

void TestNetworkList::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<quint64>>("expected");
    using Ids = QList<quint64>;
    QTest::newRow("nothing") << QString() << Ids{1, 2, 3, 4, 5, 6};
    QTest::newRow("status") << QStringLiteral("status-code:500") << Ids{4};
    QTest::newRow("status class") << QStringLiteral("status-code:2xx") << Ids{1, 2, 3, 5};
    QTest::newRow("method") << QStringLiteral("method:post") << Ids{2, 4, 6};
    QTest::newRow("batch") << QStringLiteral("batch:12") << Ids{1, 2, 5};
    QTest::newRow("larger than") << QStringLiteral("larger-than:1k") << Ids{1, 3, 5};
    QTest::newRow("not cached") << QStringLiteral("-cached") << Ids{1, 2, 4, 5, 6};
    QTest::newRow("is shared") << QStringLiteral("is:shared") << Ids{5};
    QTest::newRow("is failed") << QStringLiteral("is:failed") << Ids{4};
    QTest::newRow("is pending") << QStringLiteral("is:pending") << Ids{6};
    QTest::newRow("is batched") << QStringLiteral("is:batched") << Ids{1, 2, 4}; // 4 failed in batch 3
    QTest::newRow("text in name") << QStringLiteral("users") << Ids{1, 3, 5};
    QTest::newRow("name") << QStringLiteral("name:create") << Ids{2, 4, 6};
    QTest::newRow("url") << QStringLiteral("url:/items") << Ids{2, 4, 6};
    QTest::newRow("all words") << QStringLiteral("users -cached larger-than:1k -is:shared") << Ids{1};
}

void TestNetworkList::filters()
{
    QFETCH(QString, text);
    QFETCH(QList<quint64>, expected);
    CallDirectory calls;
    fill(calls);
    NetworkListModel model(&calls);
    NetworkFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(proxy.setFilterText(text));
    QCOMPARE(shownIds(proxy), expected);
}

void TestNetworkList::wordsItCannotReadAreNamed()
{
    CallDirectory calls;
    fill(calls);
    NetworkListModel model(&calls);
    NetworkFilterProxy proxy;
    proxy.setSourceModel(&model);
    QString problem;
    QVERIFY(!proxy.setFilterText(QStringLiteral("is:bogus method:GET"), &problem));
    QVERIFY2(problem.contains(QStringLiteral("is:bogus")), qPrintable(problem));
    QCOMPARE(shownIds(proxy), (QList<quint64>{1, 3, 5})); // the words it could read still apply
    QVERIFY(!proxy.setFilterText(QStringLiteral("larger-than:lots"), &problem));
    QVERIFY(problem.contains(QStringLiteral("larger-than:lots")));
}

void TestNetworkList::sortsAndPlacesRowsAsTheySettle()
{
    CallDirectory calls;
    fill(calls);
    NetworkListModel model(&calls);
    NetworkFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(NetworkListModel::Size, Qt::DescendingOrder);
    QCOMPARE(shownIds(proxy), (QList<quint64>{1, 3, 5, 2, 4, 6})); // 2000 ×3, 10, 0 (error body), pending
    proxy.sort(NetworkListModel::Name, Qt::AscendingOrder);
    QCOMPARE(shownIds(proxy), (QList<quint64>{2, 4, 6, 1, 3, 5}));
    proxy.sort(NetworkListModel::Status, Qt::AscendingOrder);
    QCOMPARE(shownIds(proxy), (QList<quint64>{6, 1, 3, 5, 2, 4})); // pending first
    // The pending call settles: it moves to its place; new calls find theirs.
    calls.sent(7, 0);
    calls.settled(6, answer(6, 404, 5, 13));
    calls.settled(7, answer(7, 202, 5, 13));
    QTRY_COMPARE(shownIds(proxy), (QList<quint64>{1, 3, 5, 2, 7, 6, 4}));
    proxy.sort(-1);
    QCOMPARE(shownIds(proxy), (QList<quint64>{1, 2, 3, 4, 5, 6, 7}));
    // Filtered on a state that changes: a pending call shows up once it matches.
    QVERIFY(proxy.setFilterText(QStringLiteral("status-code:204")));
    calls.sent(8, 0);
    QTRY_COMPARE(model.rowCount(), 8);
    QCOMPARE(proxy.rowCount(), 0);
    calls.settled(8, answer(8, 204, 0, 14));
    QTRY_COMPARE(shownIds(proxy), (QList<quint64>{8}));
    QCOMPARE(model.index(7, NetworkListModel::Name).data().toString(), QStringLiteral("list users"));
    QCOMPARE(model.index(7, NetworkListModel::Method).data().toString(), QStringLiteral("GET"));
    QCOMPARE(model.index(7, NetworkListModel::Served).data().toString(), QStringLiteral("batched"));
    QCOMPARE(model.index(3, NetworkListModel::Status).data().toString(), QStringLiteral("500 http"));
}

void TestNetworkList::aRealRunFillsTheList()
{
    SandboxServer server;
    QVERIFY(server.start());
    ClientConfig config;
    config.cache.enabled = false;
    config.batch.maxDelay = 5ms;
    ApiClient client(server.url(), config);
    Runner runner(&client);
    NetworkListModel model(runner.calls());
    NetworkFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(NetworkListModel::Time, Qt::DescendingOrder);
    RequestSet set;
    set.name = QStringLiteral("users");
    for (const auto &[name, url] : {std::pair{"alice", "/users/1"}, {"bob", "/users/2"}, {"missing", "/status/404"}}) {
        RequestItem item;
        item.name = QLatin1String(name);
        item.url = QLatin1String(url);
        set.requests.append(item);
    }
    QSignalSpy finished(&runner, &Runner::finished);
    QVERIFY(runner.start(set, server.url(), RunPlan{4}));
    QVERIFY(finished.wait(10000));
    model.fetchNew(); // the last answers, before the pass that would read them
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(proxy.rowCount(), 12);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const qint64 time = proxy.index(row, NetworkListModel::Time).data(NetworkListModel::SortKeyRole).toLongLong();
        QVERIFY(time >= 0 && time <= previous);
        previous = time;
    }
    QVERIFY(proxy.setFilterText(QStringLiteral("status-code:404")));
    QCOMPARE(proxy.rowCount(), 4);
    QCOMPARE(proxy.index(0, NetworkListModel::Name).data().toString(), QStringLiteral("missing"));
    QVERIFY(proxy.index(0, NetworkListModel::Url).data().toString().endsWith(QStringLiteral("/status/404")));
    QVERIFY(proxy.index(0, NetworkListModel::Batch).data().toULongLong() > 0);
    QVERIFY(!proxy.index(0, NetworkListModel::Size).data().toString().isEmpty());
}

void TestNetworkList::aLargeListIsRefilteredInSlicesAndLeavesWithTheDirectory()
{
    CallDirectory calls;
    calls.setRetention(50000);
    calls.beginRun(QStringLiteral("big"), {{QStringLiteral("a"), "GET", QStringLiteral("http://h/a"), 0},
                                           {QStringLiteral("b"), "POST", QStringLiteral("http://h/b"), 1}});
    NetworkListModel model(&calls);
    NetworkFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setSliceMs(1);
    const auto more = [&](quint64 from, quint64 count) {
        for (quint64 id = from; id < from + count; ++id) {
            calls.sent(id, quint32(id % 2));
            calls.settled(id, answer(id, id % 5 ? 200 : 503, qsizetype(id % 3000), id / 10));
        }
        model.fetchNew();
    };
    more(1, 50000);
    QVERIFY(proxy.setFilterText(QStringLiteral("method:POST larger-than:1k -status-code:503")));
    QVERIFY2(proxy.isFiltering(), "50 000 rows were tested in one go");
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isFiltering(), 30000);
    const auto expected = [&] {
        QList<quint64> ids;
        for (int row = 0; row < model.rowCount(); ++row) {
            const CallRecord &r = model.record(row);
            if (r.id % 2 == 1 && r.bytes > 1024 && r.status != 503)
                ids.append(r.id);
        }
        return ids;
    };
    QCOMPARE(shownIds(proxy), expected());
    // Sorted, and the directory drops its oldest calls: they leave the list too.
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(NetworkListModel::Size, Qt::AscendingOrder);
    more(50001, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isFiltering(), 30000);
    QVERIFY(calls.dropped() > 0);
    QList<quint64> sorted = expected();
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](quint64 a, quint64 b) { return calls.find(a)->bytes < calls.find(b)->bytes; });
    QCOMPARE(shownIds(proxy), sorted);
}

void TestNetworkList::theDockLinksCallsBothWays()
{
    CallDirectory calls;
    fill(calls);
    NetworkListView view(&calls);
    view.resize(900, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.findChild<QLabel *>(QStringLiteral("networkShown"))->text(), QStringLiteral("6 of 6 calls"));
    QSignalSpy selected(&view, &NetworkListView::callSelected);
    view.selectCall(4);
    QCOMPARE(view.table()->currentIndex().row(), 3);
    QCOMPARE(selected.size(), 0); // a reply, not a new choice
    const QRect second = view.table()->visualRect(view.proxy()->index(1, 0));
    QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, second.center());
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().first().toULongLong(), 2u);
    view.findChild<QLineEdit *>(QStringLiteral("networkFilter"))->setText(QStringLiteral("is:nonsense"));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("networkFilterProblem"))->isVisibleTo(&view));
}

QTEST_MAIN(TestNetworkList)
#include "tst_networklist.moc"
