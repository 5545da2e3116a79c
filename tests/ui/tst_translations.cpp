// SPDX-License-Identifier: BSD-3-Clause
// The compiled-in translations: every "%n" message of translations/batchlab_en.ts comes out
// of the installed translator in its singular and plural English form, in the context of
// the folder that says it.
#include "translations.h"

#include <QFile>
#include <QXmlStreamReader>
#include <QtTest>

using namespace batchlab;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pluralForms_data();
    void pluralForms();
};

void TestTranslations::initTestCase()
{
    QVERIFY(installTranslations(QCoreApplication::instance()));
}

void TestTranslations::pluralForms_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("one");
    QTest::addColumn<QString>("many");
    QFile ts(QStringLiteral(BATCHLAB_SOURCE "/translations/batchlab_en.ts"));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
    QXmlStreamReader xml(&ts);
    QString context, source;
    QStringList forms;
    int messages = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name")
            context = xml.readElementText();
        else if (xml.name() == u"source")
            source = xml.readElementText();
        else if (xml.name() == u"numerusform")
            forms.append(xml.readElementText());
        else if (xml.name() == u"message")
            forms.clear();
        if (forms.size() == 2) {
            QTest::addRow("%s", qPrintable(source)) << context << source << forms.at(0) << forms.at(1);
            forms.clear();
            ++messages;
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages >= 5);
}

void TestTranslations::pluralForms()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, one);
    QFETCH(QString, many);
    const QByteArray c = context.toUtf8(), s = source.toUtf8();
    // %Ln is %n in the locale's digits (no grouping below 1000).
    QCOMPARE(QCoreApplication::translate(c.constData(), s.constData(), nullptr, 1),
             QString(one).replace(QStringLiteral("%Ln"), QStringLiteral("1")).replace(QStringLiteral("%n"), QStringLiteral("1")));
    QCOMPARE(QCoreApplication::translate(c.constData(), s.constData(), nullptr, 12),
             QString(many).replace(QStringLiteral("%Ln"), QStringLiteral("12")).replace(QStringLiteral("%n"), QStringLiteral("12")));
    QVERIFY(one != many);
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
