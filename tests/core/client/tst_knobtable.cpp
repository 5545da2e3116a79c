// SPDX-License-Identifier: BSD-3-Clause
// KnobTable: every knob set through the command line's form reaches the file and comes back
// (so that the table and the file cannot drift), names resolve or say what was meant, values
// out of range or choice are refused with what is allowed, and the log names each change by
// a name the command line takes.

#include "client/configchanges.h"
#include "client/knobtable.h"
#include "runs/requestsetfile.h"

#include <QSet>
#include <QtTest>

using namespace batchlab;

namespace {

/// A valid value other than the default, as the file writes it.
QString otherValue(const Knob &k, const ClientConfig &defaults)
{
    const double v = k.type == Knob::Type::StatusList ? 0 : k.get(defaults);
    switch (k.type) {
    case Knob::Type::Integer:
        return QString::number(qint64(v < k.max ? v + 1 : v - 1));
    case Knob::Type::Decimal:
        return QString::number(v < k.max ? (v + k.max) / 2 : (v + k.min) / 2);
    case Knob::Type::Switch:
        return v != 0 ? QStringLiteral("false") : QStringLiteral("true");
    case Knob::Type::Choice:
        return QLatin1String(k.choices[(size_t(v) + 1) % k.choices.size()]);
    case Knob::Type::StatusList:
        return QStringLiteral("429,503");
    }
    return {};
}

RequestSet setWith(const ClientConfig &c)
{
    RequestSet set;
    set.name = QStringLiteral("knobs");
    set.requests.append(RequestItem{});
    set.requests.last().name = QStringLiteral("one");
    set.requests.last().method = QStringLiteral("GET");
    set.requests.last().url = QStringLiteral("/users/1");
    set.batch = c.batch;
    set.retry = c.retry;
    set.breaker = c.breaker;
    set.cache = c.cache;
    return set;
}

} // namespace

class TestKnobTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKnobRoundTripsThroughTheFile_data();
    void everyKnobRoundTripsThroughTheFile();
    void profileKnobsStayOutOfTheFile();
    void findsUnqualifiedAndQualifiedNames();
    void ambiguousNamesListTheQualifiedOnes();
    void unknownNamesSuggestTheNearest();
    void refusesValuesOutOfRangeOrChoice_data();
    void refusesValuesOutOfRangeOrChoice();
    void refusesWhatTheConfigRefuses();
    void takesTheLogsFormOfAValue();
    void namesAreUnique();
    void theLogNamesEachChangeByAKnobName();
};

void TestKnobTable::everyKnobRoundTripsThroughTheFile_data()
{
    QTest::addColumn<QString>("name");
    for (const Knob &k : KnobTable::all()) {
        if (k.inFile)
            QTest::newRow(qPrintable(k.qualifiedName())) << k.qualifiedName();
    }
}

void TestKnobTable::everyKnobRoundTripsThroughTheFile()
{
    QFETCH(QString, name);
    const Knob *k = KnobTable::find(name);
    QVERIFY(k);
    const ClientConfig defaults;
    const QString value = otherValue(*k, defaults);
    QVERIFY(value != k->valueText(defaults));
    ClientConfig config;
    QString error;
    QVERIFY2(KnobTable::apply(&config, name + u'=' + value, &error), qPrintable(error));
    QCOMPARE(k->valueText(config), value);

    RequestSet loaded;
    FileError fileError;
    QVERIFY2(RequestSetFile::parse(RequestSetFile::serialize(setWith(config)), &loaded, &fileError),
             qPrintable(fileError.toString()));
    QVERIFY(loaded.batch && loaded.retry && loaded.breaker && loaded.cache);
    ClientConfig back;
    back.batch = *loaded.batch;
    back.retry = *loaded.retry;
    back.breaker = *loaded.breaker;
    back.cache = *loaded.cache;
    QCOMPARE(k->valueText(back), value);
    // And nothing else moved: every knob reads back as it was written.
    for (const Knob &other : KnobTable::all())
        QCOMPARE(other.valueText(back), other.valueText(config));
}

void TestKnobTable::profileKnobsStayOutOfTheFile()
{
    // itemUrls and continueOnError come from the target's server profile: the file keeps
    // the profile, and a batch block read back has the defaults.
    ClientConfig config;
    QString error;
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("itemUrls=absolute"), &error),
             qPrintable(error));
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("continueOnError=off"), &error),
             qPrintable(error));
    const QByteArray text = RequestSetFile::serialize(setWith(config));
    QVERIFY(!text.contains("itemUrls"));
    QVERIFY(!text.contains("continueOnError"));
    for (const Knob &k : KnobTable::all())
        QCOMPARE(k.inFile,
                 qstrcmp(k.name, "itemUrls") != 0 && qstrcmp(k.name, "continueOnError") != 0);
}

void TestKnobTable::findsUnqualifiedAndQualifiedNames()
{
    const Knob *size = KnobTable::find(QStringLiteral("maxBatchSize"));
    QVERIFY(size);
    QCOMPARE(size->qualifiedName(), QStringLiteral("batch.maxBatchSize"));
    QCOMPARE(KnobTable::find(QStringLiteral("batch.maxBatchSize")), size);
    const Knob *attempts = KnobTable::find(QStringLiteral("retry.maxAttempts"));
    QVERIFY(attempts);
    QCOMPARE(KnobTable::find(QStringLiteral("maxAttempts")), attempts);
    QCOMPARE(KnobTable::shortName(*attempts), QStringLiteral("maxAttempts"));
    const Knob *delay = KnobTable::find(QStringLiteral("retry.maxDelayMs"));
    QVERIFY(delay);
    QCOMPARE(KnobTable::shortName(*delay), QStringLiteral("retry.maxDelayMs"));
    QCOMPARE(QLatin1String(delay->unit), QLatin1String("ms"));
    QVERIFY(!KnobTable::find(QStringLiteral("retry.maxBatchSize"))); // the wrong block
}

void TestKnobTable::ambiguousNamesListTheQualifiedOnes()
{
    QString error;
    QVERIFY(!KnobTable::find(QStringLiteral("maxDelayMs"), &error));
    QVERIFY2(error.contains(QStringLiteral("batch.maxDelayMs"))
                 && error.contains(QStringLiteral("retry.maxDelayMs")),
             qPrintable(error));
    error.clear();
    QVERIFY(!KnobTable::find(QStringLiteral("enabled"), &error));
    QVERIFY2(error.contains(QStringLiteral("breaker.enabled"))
                 && error.contains(QStringLiteral("cache.enabled")),
             qPrintable(error));
}

void TestKnobTable::unknownNamesSuggestTheNearest()
{
    QString error;
    QVERIFY(!KnobTable::find(QStringLiteral("maxBatchSise"), &error));
    QCOMPARE(error,
             QStringLiteral("no setting is called \"maxBatchSise\"; did you mean maxBatchSize?"));
    // The panel's old name of the batch delay: both delays are as near, and both are named.
    QVERIFY(!KnobTable::find(QStringLiteral("maxDelay"), &error));
    QVERIFY2(error.contains(QStringLiteral("did you mean batch.maxDelayMs or retry.maxDelayMs?")),
             qPrintable(error));
    QVERIFY(!KnobTable::find(QStringLiteral("retry.maxAttemps"), &error));
    QVERIFY2(error.endsWith(QStringLiteral("did you mean maxAttempts?")), qPrintable(error));

    ClientConfig config;
    QVERIFY(!KnobTable::apply(&config, QStringLiteral("maxBatchSise=20"), &error));
    QVERIFY2(error.contains(QStringLiteral("maxBatchSize")), qPrintable(error));
    QVERIFY(!KnobTable::apply(&config, QStringLiteral("maxBatchSize"), &error));
    QVERIFY2(error.contains(QStringLiteral("name=value")), qPrintable(error));
}

void TestKnobTable::refusesValuesOutOfRangeOrChoice_data()
{
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("error");
    QTest::newRow("below the least")
        << QStringLiteral("maxBatchSize=0")
        << QStringLiteral("batch.maxBatchSize: \"0\" is not a whole number from 1 to 2147483647");
    QTest::newRow("not whole")
        << QStringLiteral("maxBatchSize=2.5")
        << QStringLiteral("batch.maxBatchSize: \"2.5\" is not a whole number from 1 to 2147483647");
    QTest::newRow("above the most")
        << QStringLiteral("breaker.buckets=1001")
        << QStringLiteral("breaker.buckets: \"1001\" is not a whole number from 1 to 1000");
    QTest::newRow("a share above 1")
        << QStringLiteral("failureRateThreshold=50")
        << QStringLiteral("breaker.failureRateThreshold: \"50\" is not a number from 0.001 to 1");
    QTest::newRow("not a number")
        << QStringLiteral("multiplier=fast")
        << QStringLiteral("retry.multiplier: \"fast\" is not a number from 1 to 100");
    QTest::newRow("a choice")
        << QStringLiteral("deduplicate=sometimes")
        << QStringLiteral("batch.deduplicate: \"sometimes\" is not one of off, safe, idempotent");
    QTest::newRow("a switch")
        << QStringLiteral("sendSingleAsPlain=maybe")
        << QStringLiteral("batch.sendSingleAsPlain: \"maybe\" is not true, false, on or off");
    QTest::newRow("a status")
        << QStringLiteral("retryStatuses=429,99")
        << QStringLiteral("retry.retryStatuses: \"429,99\" is not HTTP statuses from 100 to 599, "
                          "separated by commas");
    QTest::newRow("another unit")
        << QStringLiteral("batch.maxDelayMs=2 s")
        << QStringLiteral("batch.maxDelayMs: \"2 s\" is not a whole number from 0 to 2147483647");
}

void TestKnobTable::refusesValuesOutOfRangeOrChoice()
{
    QFETCH(QString, assignment);
    QFETCH(QString, error);
    ClientConfig config;
    QString said;
    QVERIFY(!KnobTable::apply(&config, assignment, &said));
    QCOMPARE(said, error);
    for (const Knob &k : KnobTable::all()) // nothing applied
        QCOMPARE(k.valueText(config), k.valueText(ClientConfig()));
}

void TestKnobTable::refusesWhatTheConfigRefuses()
{
    // In range for the knob, but longer than the longest open duration (60 s): validate() says no.
    ClientConfig config;
    QString error;
    QVERIFY(!KnobTable::apply(&config, QStringLiteral("breaker.openDurationMs=70000"), &error));
    QVERIFY2(error.startsWith(QStringLiteral(
                 "breaker.openDurationMs=70000: openDuration must be positive, at most "
                 "maxOpenDuration")),
             qPrintable(error));
    QCOMPARE(config.breaker.openDuration, BreakerConfig().openDuration);
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("maxOpenDurationMs=80000"), &error),
             qPrintable(error));
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("breaker.openDurationMs=70000"), &error),
             qPrintable(error));
    QCOMPARE(qint64(config.breaker.openDuration.count()), qint64(70000));
}

void TestKnobTable::takesTheLogsFormOfAValue()
{
    ClientConfig config;
    QString error;
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("batch.maxDelayMs=20 ms"), &error),
             qPrintable(error));
    QCOMPARE(qint64(config.batch.maxDelay.count()), qint64(20));
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("breaker.enabled=off"), &error),
             qPrintable(error));
    QVERIFY(!config.breaker.enabled);
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("cache.maxBytes=1048576 bytes"), &error),
             qPrintable(error));
    QCOMPARE(config.cache.maxBytes, qint64(1048576));
    QVERIFY2(KnobTable::apply(&config, QStringLiteral("retry.multiplier=2.5"), &error),
             qPrintable(error));
    QCOMPARE(config.retry.multiplier, 2.5);
}

void TestKnobTable::namesAreUnique()
{
    const QStringList names = KnobTable::names();
    QCOMPARE(names.size(), qsizetype(KnobTable::all().size()));
    QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), names.size());
    QVERIFY(names.contains(QStringLiteral("batch.maxBatchSize")));
    QVERIFY(names.contains(QStringLiteral("cache.maxBytes")));
    for (const QString &name : names)
        QCOMPARE(KnobTable::find(name)->qualifiedName(), name);
}

void TestKnobTable::theLogNamesEachChangeByAKnobName()
{
    const ClientConfig defaults;
    for (const Knob &k : KnobTable::all()) {
        ClientConfig changed;
        QString error;
        QVERIFY2(
            KnobTable::apply(&changed, k.qualifiedName() + u'=' + otherValue(k, defaults), &error),
            qPrintable(error));
        const QStringList changes = configChanges(defaults, changed);
        QCOMPARE(changes.size(), 1);
        const QString name = changes.first().section(u' ', 0, 0);
        QCOMPARE(KnobTable::find(name), &k);
        // What the log says the value became is a value the command line takes.
        const QString after = changes.first().section(QStringLiteral(" → "), 1);
        ClientConfig again;
        QVERIFY2(KnobTable::apply(&again, name + u'=' + after, &error), qPrintable(error));
        QCOMPARE(k.valueText(again), k.valueText(changed));
    }
    ClientConfig changed;
    changed.batch.maxBatchSize = 20;
    changed.retry.maxAttempts = 5;
    QCOMPARE(configChanges(defaults, changed),
             (QStringList{QStringLiteral("maxBatchSize 10 → 20"),
                          QStringLiteral("retry.maxAttempts 3 → 5")}));
}

QTEST_GUILESS_MAIN(TestKnobTable)
#include "tst_knobtable.moc"
