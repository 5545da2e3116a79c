// SPDX-License-Identifier: BSD-3-Clause
// A main() for the fuzz targets outside libFuzzer: feeds every file of the given directories (or
// files) to LLVMFuzzerTestOneInput, so that the seeds and every input that once failed are
// checked by CTest on each build. Without arguments it replays the target's seed corpus and its
// regressions under BATCHLAB_FIXTURES/fuzz/. An input that breaks an invariant aborts; the name
// of the file being replayed is printed before it runs.
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

QStringList inputsOf(const QString &path)
{
    const QFileInfo info(path);
    if (info.isFile())
        return {path};
    QStringList files;
    QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

} // namespace

int main(int argc, char **argv)
{
    QStringList paths;
    for (int i = 1; i < argc; ++i)
        paths.append(QString::fromLocal8Bit(argv[i]));
#if defined(BATCHLAB_FIXTURES) && defined(BATCHLAB_FUZZ_NAME)
    if (paths.isEmpty()) {
        const QString root = QStringLiteral(BATCHLAB_FIXTURES "/fuzz/");
        paths = {root + QStringLiteral(BATCHLAB_FUZZ_NAME),
                 root + QStringLiteral("regressions/" BATCHLAB_FUZZ_NAME)};
    }
#endif
    if (paths.isEmpty()) {
        std::fprintf(stderr, "usage: %s <corpus dir or input file>...\n", argv[0]);
        return 2;
    }
    QElapsedTimer clock;
    clock.start();
    int total = 0;
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path)) {
            std::printf("%s: none (no such directory)\n",
                        qPrintable(QDir::toNativeSeparators(path)));
            continue;
        }
        const QStringList files = inputsOf(path);
        for (const QString &file : files) {
            QFile input(file);
            if (!input.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "cannot read %s\n", qPrintable(file));
                return 1;
            }
            const QByteArray data = input.readAll();
            std::printf("  %s (%lld bytes)\n", qPrintable(QDir(path).relativeFilePath(file)),
                        qlonglong(data.size()));
            std::fflush(stdout);
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()),
                                   size_t(data.size()));
        }
        std::printf("%s: %lld inputs passed\n", qPrintable(QDir::toNativeSeparators(path)),
                    qlonglong(files.size()));
        total += int(files.size());
    }
    std::printf("%d inputs replayed in %lld ms, every invariant held\n", total,
                qlonglong(clock.elapsed()));
    if (total == 0) {
        std::fprintf(stderr, "no inputs found: is the seed corpus missing?\n");
        return 1;
    }
    return 0;
}
