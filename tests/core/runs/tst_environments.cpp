// SPDX-License-Identifier: BSD-3-Clause
// Environments of a request set: which value a {{name}} takes, what the sandbox then receives
// (the call's URL and the batch envelope's header), the file's version 4, and where secrets
// come from when the file has them empty.
#include "client/apiclient.h"
#include "runs/keychainstore.h"
#include "runs/requestsetfile.h"
#include "runs/runner.h"
#include "runs/secretresolver.h"
#include "runs/singlesend.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace batchlab;

namespace {

RequestSet environmentSet()
{
    RequestSet set;
    set.name = QStringLiteral("envs");
    set.variables = {{QStringLiteral("uid"), QStringLiteral("1")}, {QStringLiteral("token"), QStringLiteral("set-token")}};
    set.environments = {{QStringLiteral("local"), {{QStringLiteral("uid"), QStringLiteral("2")}}},
                        {QStringLiteral("staging"),
                         {{QStringLiteral("uid"), QStringLiteral("3")}, {QStringLiteral("token"), QStringLiteral("stage-token")}}}};
    RequestItem item;
    item.name = QStringLiteral("user");
    item.url = QStringLiteral("/users/{{uid}}");
    set.requests = {item};
    return set;
}

ClientConfig noCache()
{
    ClientConfig config;
    config.cache.enabled = false;
    return config;
}

} // namespace

class TestEnvironments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void theActiveEnvironmentOverridesTheSetsVariables();
    void envPrefixStillReadsTheProcessEnvironment();
    void switchingTheEnvironmentChangesTheUrlTheSandboxReceives();
    void theBatchEnvelopeHeaderUsesTheEnvironmentsValue();
    void fileRoundTripIsVersion4OnlyWhenUsed();
    void secretsNeverLandInTheFile();
    void malformedEnvironments_data();
    void malformedEnvironments();
    void secretsComeFromTheProcessEnvironment();
    void onlyUsedEmptySecretsInEffectAreNeeded();
    void rememberedSecretsLastTheSession();
    void anAbsentSecretStoreAnswersAtOnce();

private:
    std::unique_ptr<SandboxServer> m_server;
};

void TestEnvironments::init()
{
    m_server = std::make_unique<SandboxServer>();
    QVERIFY(m_server->start());
}

void TestEnvironments::theActiveEnvironmentOverridesTheSetsVariables()
{
    RequestSet set = environmentSet();
    const QString text = QStringLiteral("{{uid}}/{{token}}");
    QCOMPARE(set.substitute(text), QStringLiteral("1/set-token"));
    set.environment = QStringLiteral("local");
    QCOMPARE(set.activeEnvironment()->name, QStringLiteral("local"));
    QCOMPARE(set.substitute(text), QStringLiteral("2/set-token")); // the set's token still holds
    set.environment = QStringLiteral("staging");
    QCOMPARE(set.substitute(text), QStringLiteral("3/stage-token"));
    // A variable only the environment has is known while it is active, and only then.
    set.environments[1].variables.append({QStringLiteral("only"), QStringLiteral("here")});
    QStringList unknown;
    QCOMPARE(set.substitute(QStringLiteral("{{only}}"), &unknown), QStringLiteral("here"));
    QVERIFY(unknown.isEmpty());
    set.environment = QStringLiteral("gone"); // names none: no environment is in effect
    QVERIFY(!set.activeEnvironment());
    QCOMPARE(set.substitute(QStringLiteral("{{uid}}{{only}}"), &unknown), QStringLiteral("1{{only}}"));
    QCOMPARE(unknown, QStringList{QStringLiteral("only")});
}

void TestEnvironments::envPrefixStillReadsTheProcessEnvironment()
{
    qputenv("BATCHLAB_TEST_HOST", "from-process");
    RequestSet set = environmentSet();
    set.environments[0].variables.append({QStringLiteral("BATCHLAB_TEST_HOST"), QStringLiteral("from-environment")});
    set.environment = QStringLiteral("local");
    QCOMPARE(set.substitute(QStringLiteral("{{env:BATCHLAB_TEST_HOST}}|{{BATCHLAB_TEST_HOST}}")),
             QStringLiteral("from-process|from-environment"));
    qunsetenv("BATCHLAB_TEST_HOST");
}

void TestEnvironments::switchingTheEnvironmentChangesTheUrlTheSandboxReceives()
{
    ApiClient client(m_server->url(), noCache());
    SingleSend send(&client);
    int answers = 0;
    int lastId = -1;
    connect(&send, &SingleSend::answered, this, [&](int, const QString &, const ApiResult &result, qint64) {
        ++answers;
        lastId = result.response.json().object().value(QStringLiteral("id")).toInt();
    });
    RequestSet set = environmentSet();
    const auto idReceived = [&](const QString &environment) {
        set.environment = environment;
        QString error;
        const int before = answers;
        if (!send.send(set, 0, m_server->url(), &error)) {
            qWarning() << error;
            return -1;
        }
        return QTest::qWaitFor([&] { return answers > before; }, 5000) ? lastId : -1;
    };
    QCOMPARE(idReceived({}), 1);
    QCOMPARE(idReceived(QStringLiteral("local")), 2);
    QCOMPARE(idReceived(QStringLiteral("staging")), 3);
    QCOMPARE(m_server->counters().httpRequests, 3);
}

void TestEnvironments::theBatchEnvelopeHeaderUsesTheEnvironmentsValue()
{
    // The sandbox refuses every HTTP request, the batch's own included, without this header.
    SandboxBehavior behavior = m_server->behavior();
    behavior.requiredAuthorization = "Bearer stage-token";
    QVERIFY(m_server->setBehavior(behavior));
    RequestSet set = environmentSet();
    set.target = TargetSpec{};
    set.target->headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    RequestItem second = set.requests.at(0);
    second.url = QStringLiteral("/users/5");
    set.requests.append(second);
    QCOMPARE(set.targetHeaders().value(0).second, QByteArray("Bearer set-token"));

    ApiClient client(m_server->url(), noCache());
    Runner runner(&client);
    QSignalSpy finished(&runner, &Runner::finished);
    QString error;
    QVERIFY2(runner.start(set, m_server->url(), RunPlan{}, &error), qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().back().progress.succeeded, 0);
    const qint64 refused = m_server->counters().rejected;
    QVERIFY(refused > 0);

    set.environment = QStringLiteral("staging");
    QCOMPARE(set.targetHeaders().value(0).second, QByteArray("Bearer stage-token"));
    QVERIFY2(runner.start(set, m_server->url(), RunPlan{}, &error), qPrintable(error));
    QVERIFY(finished.wait(5000));
    QCOMPARE(runner.history().back().progress.succeeded, 2);
    QCOMPARE(m_server->counters().rejected, refused);
    QCOMPARE(m_server->counters().batchItems, 2); // both went in one batch, under the header
}

void TestEnvironments::fileRoundTripIsVersion4OnlyWhenUsed()
{
    RequestSet set = environmentSet();
    set.environment = QStringLiteral("staging");
    const QByteArray bytes = RequestSetFile::serialize(set);
    const QJsonObject root = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), 4);
    QCOMPARE(root.value(QStringLiteral("environment")).toString(), QStringLiteral("staging"));
    // Keys sorted, as everywhere in the file: "environment" before "environments".
    QVERIFY(bytes.indexOf("\"environment\"") < bytes.indexOf("\"environments\""));
    RequestSet back;
    FileError error;
    QVERIFY2(RequestSetFile::parse(bytes, &back, &error), qPrintable(error.toString()));
    QCOMPARE(back.environments, set.environments);
    QCOMPARE(back.environment, set.environment);
    QCOMPARE(RequestSetFile::serialize(back), bytes);

    // Without environments nothing changes: no keys, the older version.
    set.environments.clear();
    set.environment.clear();
    const QByteArray older = RequestSetFile::serialize(set);
    QVERIFY(!older.contains("environment"));
    QCOMPARE(QJsonDocument::fromJson(older).object().value(QStringLiteral("version")).toInt(), 1);
    // Environments alone, none active: still version 4, no "environment" key.
    set.environments = environmentSet().environments;
    const QByteArray listed = RequestSetFile::serialize(set);
    QCOMPARE(QJsonDocument::fromJson(listed).object().value(QStringLiteral("version")).toInt(), 4);
    QVERIFY(!listed.contains("\"environment\""));
}

void TestEnvironments::secretsNeverLandInTheFile()
{
    RequestSet set = environmentSet();
    set.variables.append({QStringLiteral("apiKey"), QStringLiteral("SET-SECRET-123"), true});
    set.environments[1].variables.append({QStringLiteral("password"), QStringLiteral("ENV-SECRET-456"), true});
    set.environment = QStringLiteral("staging");
    const QByteArray bytes = RequestSetFile::serialize(set);
    QVERIFY(!bytes.contains("SET-SECRET-123"));
    QVERIFY(!bytes.contains("ENV-SECRET-456"));
    RequestSet back;
    FileError error;
    QVERIFY(RequestSetFile::parse(bytes, &back, &error));
    const Variable password = back.environments.at(1).variables.constLast();
    QCOMPARE(password, (Variable{QStringLiteral("password"), QString(), true}));
}

void TestEnvironments::malformedEnvironments_data()
{
    QTest::addColumn<QByteArray>("tail");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("not an array") << QByteArray("  \"environments\": {}\n}") << 5 << "environments"
                                  << "expected an array";
    QTest::newRow("not an object") << QByteArray("  \"environments\": [\n    3\n  ]\n}") << 5
                                   << "environments[0]" << "expected an object";
    QTest::newRow("no name") << QByteArray("  \"environments\": [\n    {\"variables\": []}\n  ]\n}") << 6
                             << "environments[0].name" << "missing";
    QTest::newRow("empty name") << QByteArray("  \"environments\": [\n    {\"name\": \" \"}\n  ]\n}") << 6
                                << "environments[0].name" << "must not be empty";
    QTest::newRow("same name twice")
        << QByteArray("  \"environments\": [\n    {\"name\": \"a\"},\n    {\"name\": \"a\"}\n  ]\n}") << 7
        << "environments[1].name" << "already an environment";
    QTest::newRow("variables not an array")
        << QByteArray("  \"environments\": [\n    {\"name\": \"a\",\n     \"variables\": 1}\n  ]\n}") << 7
        << "environments[0].variables" << "expected an array";
    QTest::newRow("variable without a name")
        << QByteArray("  \"environments\": [\n    {\"name\": \"a\",\n     \"variables\": [\n {\"value\": \"x\"}]}\n  ]\n}")
        << 8 << "environments[0].variables[0].name" << "missing";
    QTest::newRow("secret not a boolean")
        << QByteArray("  \"environments\": [\n    {\"name\": \"a\",\n     \"variables\": [\n {\"name\": \"x\", \"secret\": 1}]}\n  ]\n}")
        << 8 << "environments[0].variables[0].secret" << "expected";
    QTest::newRow("active names none")
        << QByteArray("  \"environments\": [\n    {\"name\": \"a\"}\n  ],\n  \"environment\": \"b\"\n}") << 8
        << "environment" << "no environment is named \"b\"";
    QTest::newRow("active not a string") << QByteArray("  \"environment\": 4\n}") << 5 << "environment"
                                         << "expected";
}

void TestEnvironments::malformedEnvironments()
{
    QFETCH(QByteArray, tail);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const QByteArray data = QByteArray("{\n  \"format\": \"batchlab.requestset\",\n  \"version\": 4,\n"
                                       "  \"requests\": [],\n")
        + tail;
    RequestSet set = environmentSet();
    const RequestSet before = set;
    FileError error;
    QVERIFY(!RequestSetFile::parse(data, &set, &error));
    QCOMPARE(error.field, field);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
    QCOMPARE(error.line, line);
    QCOMPARE(set.environments, before.environments); // untouched
}

void TestEnvironments::secretsComeFromTheProcessEnvironment()
{
    RequestSet set = environmentSet();
    set.requests[0].headers = {{QStringLiteral("X-Key"), QStringLiteral("{{apiKey}}")},
                               {QStringLiteral("X-Pass"), QStringLiteral("{{pass}}")}};
    set.variables.append({QStringLiteral("pass"), QString(), true});
    set.environments[1].variables.append({QStringLiteral("apiKey"), QString(), true});
    set.environment = QStringLiteral("staging");
    QCOMPARE(secretEnvironmentVariable(QStringLiteral("staging"), QStringLiteral("apiKey")),
             QStringLiteral("BATCHLAB_SECRET_STAGING_APIKEY"));
    QCOMPARE(secretEnvironmentVariable(QStringLiteral("eu-west 1"), QStringLiteral("a.b")),
             QStringLiteral("BATCHLAB_SECRET_EU_WEST_1_A_B"));
    qputenv("BATCHLAB_SECRET_STAGING_APIKEY", "k-from-env");
    qputenv("BATCHLAB_SECRET_PASS", "p-from-env");
    SecretResolver resolver(nullptr);
    bool called = false;
    resolver.resolve(set, {}, this, [&](const RequestSet &filled, const QList<SecretNeed> &missing) {
        called = true;
        QVERIFY(missing.isEmpty());
        QString error;
        const RequestSpec spec = filled.resolve(filled.requests.at(0), m_server->url(), &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(spec.headers.value(0).second, QByteArray("k-from-env"));
        QCOMPARE(spec.headers.value(1).second, QByteArray("p-from-env"));
    });
    QVERIFY(called); // no secret store asked: at once
    qunsetenv("BATCHLAB_SECRET_STAGING_APIKEY");
    qunsetenv("BATCHLAB_SECRET_PASS");
    resolver.resolve(set, {}, this, [&](const RequestSet &, const QList<SecretNeed> &missing) {
        QCOMPARE(missing, (QList<SecretNeed>{{QStringLiteral("staging"), QStringLiteral("apiKey")},
                                             {QString(), QStringLiteral("pass")}}));
    });
}

void TestEnvironments::onlyUsedEmptySecretsInEffectAreNeeded()
{
    RequestSet set = environmentSet();
    set.requests[0].url = QStringLiteral("/users/{{uid}}?k={{key}}");
    RequestItem other = set.requests.at(0);
    other.url = QStringLiteral("/users/1?t={{unusedElsewhere}}");
    set.requests.append(other);
    set.variables.append({QStringLiteral("key"), QString(), true});
    set.variables.append({QStringLiteral("unusedElsewhere"), QString(), true});
    set.variables.append({QStringLiteral("neverUsed"), QString(), true});
    QCOMPARE(SecretResolver::needed(set, {0}), (QList<SecretNeed>{{QString(), QStringLiteral("key")}}));
    QCOMPARE(SecretResolver::needed(set).size(), 2);
    // The environment's value, not secret, is what counts: the set's empty secret is not needed.
    set.environments[0].variables.append({QStringLiteral("key"), QStringLiteral("plain")});
    set.environment = QStringLiteral("local");
    QCOMPARE(SecretResolver::needed(set, {0}), QList<SecretNeed>());
    set.requests[1].enabled = false;
    QCOMPARE(SecretResolver::needed(set), QList<SecretNeed>());
}

void TestEnvironments::rememberedSecretsLastTheSession()
{
    RequestSet set = environmentSet();
    set.requests[0].url = QStringLiteral("/users/{{uid}}?k={{key}}");
    set.environments[0].variables.append({QStringLiteral("key"), QString(), true});
    set.environment = QStringLiteral("local");
    SecretResolver resolver(nullptr);
    resolver.remember(set.name, {QStringLiteral("local"), QStringLiteral("key")}, QStringLiteral("typed"), false);
    QString url;
    resolver.resolve(set, {}, this, [&](const RequestSet &filled, const QList<SecretNeed> &missing) {
        QVERIFY(missing.isEmpty());
        url = filled.resolve(filled.requests.at(0), m_server->url()).url.toString();
    });
    QVERIFY2(url.endsWith(QStringLiteral("/users/2?k=typed")), qPrintable(url));
    // Remembered under its set and environment: another environment's key is not it.
    set.environments[1].variables.append({QStringLiteral("key"), QString(), true});
    set.environment = QStringLiteral("staging");
    resolver.resolve(set, {}, this, [&](const RequestSet &, const QList<SecretNeed> &missing) {
        QCOMPARE(missing.size(), 1);
    });
}

void TestEnvironments::anAbsentSecretStoreAnswersAtOnce()
{
    // No session bus (as here), or one that is not there: never a hang, just nothing found.
    RequestSet set = environmentSet();
    set.requests[0].url = QStringLiteral("/users/{{uid}}?k={{key}}");
    set.variables.append({QStringLiteral("key"), QString(), true});
    for (const QByteArray &bus : {QByteArray(), QByteArray("unix:path=/nonexistent/batchlab-test-bus")}) {
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("XDG_RUNTIME_DIR");
        KeychainStore store;
        QCOMPARE(store.isAvailable(), KeychainStore::compiledIn() && !bus.isEmpty());
        SecretResolver resolver(&store);
        QElapsedTimer clock;
        clock.start();
        bool done = false;
        QList<SecretNeed> missing;
        resolver.resolve(set, {}, this, [&](const RequestSet &, const QList<SecretNeed> &still) {
            done = true;
            missing = still;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, KeychainStore::kTimeoutMs + 2000);
        QVERIFY2(clock.elapsed() <= KeychainStore::kTimeoutMs + 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(missing, (QList<SecretNeed>{{QString(), QStringLiteral("key")}}));
        if (!runtime.isEmpty())
            qputenv("XDG_RUNTIME_DIR", runtime);
    }
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
}

QTEST_MAIN(TestEnvironments)
#include "tst_environments.moc"
