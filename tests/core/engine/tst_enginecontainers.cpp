// SPDX-License-Identifier: BSD-3-Clause
// The engine's own containers (DedupIndex, IdWindow, ObjectPool), checked against the standard
// library in seeded random sequences of operations.
#include "containers/dedupindex.h"
#include "containers/objectpool.h"
#include "engine/detail/deadlinequeue.h"
#include "engine/detail/idwindow.h"

#include <QRandomGenerator>
#include <QtTest>

#include <map>
#include <set>

using namespace batchlab;

namespace {
struct Node
{
    int value = 0;
    Node *nextSameHash = nullptr;
};
} // namespace

class TestEngineContainers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dedupIndexMatchesAMultimap_data();
    void dedupIndexMatchesAMultimap();
    void idWindowMatchesAMap();
    void idWindowIsNotPinnedByOneOldId();
    void deadlineQueueForgetsLengthsNoLongerUsed();
    void objectPoolRecyclesAndKeepsAddresses();
};

void TestEngineContainers::dedupIndexMatchesAMultimap_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("hashRange");
    QTest::newRow("sparse hashes") << 1u << 1000000;
    QTest::newRow("many collisions") << 2u << 40; // equal hashes chain
    QTest::newRow("crowded table") << 3u << 5000;
}

void TestEngineContainers::dedupIndexMatchesAMultimap()
{
    QFETCH(quint32, seed);
    QFETCH(int, hashRange);
    QRandomGenerator random(seed);
    DedupIndex<Node> index;
    std::multimap<size_t, Node *> reference;
    std::vector<std::unique_ptr<Node>> nodes;
    for (int step = 0; step < 20000; ++step) {
        if (reference.empty() || random.bounded(3) != 0) {
            // Hashes cluster at the low bits on purpose: the table masks them.
            const size_t hash = size_t(random.bounded(hashRange)) * 64;
            nodes.push_back(std::make_unique<Node>());
            nodes.back()->value = step;
            index.insert(hash, nodes.back().get());
            reference.emplace(hash, nodes.back().get());
        } else {
            auto it = reference.begin();
            std::advance(it, random.bounded(int(qMin<size_t>(reference.size(), 50))));
            index.remove(it->first, it->second);
            reference.erase(it);
        }
        if (step % 1999 == 0) {
            for (const auto &[hash, node] : reference) {
                std::set<Node *> chain;
                for (Node *n = index.find(hash); n; n = n->nextSameHash)
                    chain.insert(n);
                const auto range = reference.equal_range(hash);
                QCOMPARE(chain.size(), size_t(std::distance(range.first, range.second)));
                QVERIFY(chain.count(node));
            }
        }
    }
    std::set<size_t> distinct;
    for (const auto &[hash, node] : reference)
        distinct.insert(hash);
    QCOMPARE(index.size(), distinct.size());
}

void TestEngineContainers::idWindowMatchesAMap()
{
    QRandomGenerator random(9);
    IdWindow<Node> window;
    std::map<quint64, Node *> reference;
    Node nodes[64];
    quint64 next = 1;
    for (int step = 0; step < 20000; ++step) {
        if (random.bounded(2) == 0) {
            next += random.bounded(3); // ids may skip, as rejected calls do
            window.insert(next, &nodes[next % 64]);
            reference[next] = &nodes[next % 64];
            ++next;
        } else if (!reference.empty()) {
            // Mostly the oldest, sometimes another: calls settle roughly in order.
            auto it = random.bounded(4) ? reference.begin() : std::prev(reference.end());
            window.remove(it->first);
            reference.erase(it);
        }
        QCOMPARE(window.size(), qsizetype(reference.size()));
        const quint64 probe = random.bounded(quint32(next + 2));
        const auto found = reference.find(probe);
        QCOMPARE(window.find(probe), found == reference.end() ? nullptr : found->second);
    }
    std::vector<Node *> visited;
    window.forEach([&visited](Node *n) { visited.push_back(n); });
    QCOMPARE(visited.size(), reference.size());
}

void TestEngineContainers::idWindowIsNotPinnedByOneOldId()
{
    // One call that never settles (timeout 0, a hung request) while a million others come and
    // go: the window must not span every id since the old one (review finding B-m14).
    IdWindow<Node> window;
    Node hung, other;
    window.insert(1, &hung);
    for (quint64 id = 2; id < 1000000; ++id) {
        window.insert(id, &other);
        if (id > 10)
            window.remove(id - 8);
    }
    QVERIFY2(window.span() < 10000, qPrintable(QString::number(window.span())));
    QCOMPARE(window.find(1), &hung);
    QCOMPARE(window.size(), qsizetype(10)); // 1, 2 and the last eight
    std::vector<Node *> visited;
    window.forEach([&visited](Node *n) { visited.push_back(n); });
    QCOMPARE(visited.size(), size_t(10));
    QCOMPARE(visited.front(), &hung); // oldest id first
    window.remove(1);
    QCOMPARE(window.find(1), nullptr);
    QCOMPARE(window.size(), qsizetype(9));
}

void TestEngineContainers::deadlineQueueForgetsLengthsNoLongerUsed()
{
    // Per-call timeouts of every length: past a few, a length's FIFO goes once it is empty.
    DeadlineQueue<Node> deadlines;
    Node node;
    const auto live = [](const Node *, quint64) { return true; };
    for (qint64 length = 1; length <= 5000; ++length) {
        deadlines.add(length, length, &node, quint64(length));
        deadlines.expire(length, live, [](Node *, qint64) {});
    }
    QVERIFY2(deadlines.lengths() <= 8, qPrintable(QString::number(deadlines.lengths())));
    QCOMPARE(deadlines.earliest(), DeadlineQueue<Node>::kNever);
}

void TestEngineContainers::objectPoolRecyclesAndKeepsAddresses()
{
    ObjectPool<Node> pool;
    std::set<Node *> live;
    for (int i = 0; i < 1000; ++i)
        live.insert(pool.take());
    QCOMPARE(live.size(), size_t(1000));
    Node *recycled = *live.begin();
    pool.release(recycled);
    QCOMPARE(pool.take(), recycled);
}

QTEST_GUILESS_MAIN(TestEngineContainers)
#include "tst_enginecontainers.moc"
