// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/shellwords.h"
#include "runs/runstr.h"

namespace batchlab {

namespace {

bool isNameStart(QChar c)
{
    return c == u'_' || (c.unicode() < 128 && c.isLetter());
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c.unicode() < 128 && c.isDigit());
}

class Splitter
{
public:
    explicit Splitter(const QString &text) : m_text(text) {}

    ShellSplit run()
    {
        while (m_pos < m_text.size() && m_result.error.isEmpty())
            step();
        endWord();
        endCommand();
        if (!m_result.error.isEmpty())
            m_result.commands.clear();
        return m_result;
    }

private:
    QChar at(qsizetype i) const { return i < m_text.size() ? m_text.at(i) : QChar(); }

    void advance(qsizetype count = 1)
    {
        for (qsizetype i = 0; i < count && m_pos < m_text.size(); ++i, ++m_pos) {
            if (m_text.at(m_pos) == u'\n') {
                ++m_line;
                m_column = 1;
            } else {
                ++m_column;
            }
        }
    }

    void startWord()
    {
        if (m_inWord)
            return;
        m_inWord = true;
        m_word = ShellWord{};
        m_word.line = m_line;
        m_word.column = m_column;
    }

    void endWord()
    {
        if (!m_inWord)
            return;
        m_inWord = false;
        m_command.words.append(m_word);
    }

    void endCommand()
    {
        endWord();
        if (!m_command.words.isEmpty())
            m_result.commands.append(m_command);
        m_command = ShellCommand{};
    }

    void fail(const QString &message, int line, int column)
    {
        m_result.error = message;
        m_result.line = line;
        m_result.column = column;
    }

    /// A line break right after a backslash (LF or CRLF): both vanish.
    bool continuation(qsizetype i) const
    {
        return at(i) == u'\\' && (at(i + 1) == u'\n' || (at(i + 1) == u'\r' && at(i + 2) == u'\n'));
    }

    void skipContinuation() { advance(at(m_pos + 1) == u'\r' ? 3 : 2); }

    void step()
    {
        const QChar c = m_text.at(m_pos);
        if (continuation(m_pos)) {
            skipContinuation();
        } else if (c == u'\n' || c == u';') {
            endCommand();
            advance();
        } else if (c == u'&' && at(m_pos + 1) == u'&') {
            endCommand();
            advance(2);
        } else if (c == u'|') {
            endCommand();
            advance(at(m_pos + 1) == u'|' ? 2 : 1);
        } else if (c == u' ' || c == u'\t' || c == u'\r') {
            endWord();
            advance();
        } else if (c == u'#' && !m_inWord) {
            while (m_pos < m_text.size() && m_text.at(m_pos) != u'\n')
                advance();
        } else if (c == u'\'') {
            startWord();
            singleQuoted();
        } else if (c == u'"') {
            startWord();
            doubleQuoted();
        } else if (c == u'$' && at(m_pos + 1) == u'\'') {
            startWord();
            ansiQuoted();
        } else if (c == u'\\') {
            startWord();
            advance();
            if (m_pos < m_text.size()) {
                m_word.text += m_text.at(m_pos);
                advance();
            }
        } else {
            startWord();
            if (!expansion())
                appendPlain();
        }
    }

    void appendPlain()
    {
        const QChar c = m_text.at(m_pos);
        if (c == u'`')
            m_word.substitution = true;
        m_word.text += c;
        advance();
    }

    /// `$name`, `${name}` or `$(` at m_pos: true when consumed.
    bool expansion()
    {
        if (m_text.at(m_pos) != u'$')
            return false;
        const QChar next = at(m_pos + 1);
        if (next == u'(') {
            m_word.substitution = true;
            return false;
        }
        qsizetype start = m_pos + 1;
        qsizetype end = start;
        bool braced = false;
        if (next == u'{') {
            braced = true;
            start = end = m_pos + 2;
        }
        if (!isNameStart(at(end)))
            return false;
        while (isNameChar(at(end)))
            ++end;
        if (braced && at(end) != u'}')
            return false; // ${name:-default} and the like: kept as written
        const QString name = m_text.mid(start, end - start);
        m_word.text += QStringLiteral("{{%1}}").arg(name);
        m_word.variables.append(name);
        advance(end - m_pos + (braced ? 1 : 0));
        return true;
    }

    void singleQuoted()
    {
        const int line = m_line, column = m_column;
        advance();
        while (m_pos < m_text.size() && m_text.at(m_pos) != u'\'') {
            m_word.text += m_text.at(m_pos);
            advance();
        }
        if (m_pos >= m_text.size())
            return fail(RunsTr::tr("unclosed single quote"), line, column);
        advance();
    }

    void doubleQuoted()
    {
        const int line = m_line, column = m_column;
        advance();
        while (m_pos < m_text.size() && m_text.at(m_pos) != u'"') {
            const QChar c = m_text.at(m_pos);
            if (continuation(m_pos)) {
                skipContinuation();
            } else if (c == u'\\' && QStringView(u"\\\"$`").contains(at(m_pos + 1))) {
                m_word.text += at(m_pos + 1);
                advance(2);
            } else if (!expansion()) {
                appendPlain();
            }
        }
        if (m_pos >= m_text.size())
            return fail(RunsTr::tr("unclosed double quote"), line, column);
        advance();
    }

    /// Up to `max` digits of `base` at m_pos, as a number; -1 when there are none.
    long digits(int base, int max)
    {
        QString run;
        while (run.size() < max) {
            const QChar c = at(m_pos);
            bool ok = false;
            QString(c).toInt(&ok, base);
            if (!ok || c.isNull())
                break;
            run += c;
            advance();
        }
        return run.isEmpty() ? -1 : run.toLong(nullptr, base);
    }

    /// Bash's $'…': the escapes give bytes (\x, octal) or characters (\u), gathered as UTF-8.
    void ansiQuoted()
    {
        const int line = m_line, column = m_column;
        advance(2);
        QByteArray bytes;
        while (m_pos < m_text.size() && m_text.at(m_pos) != u'\'') {
            const QChar c = m_text.at(m_pos);
            if (c != u'\\') {
                bytes += QString(c).toUtf8();
                advance();
                continue;
            }
            advance();
            const QChar e = at(m_pos);
            if (e.isNull())
                break;
            advance();
            static const QString simple = QStringLiteral("abefnrtv\\'\"?E");
            static const char values[] = "\a\b\x1b\f\n\r\t\v\\'\"?\x1b";
            if (const qsizetype i = simple.indexOf(e); i >= 0) {
                bytes += values[i];
            } else if (e == u'x') {
                const long v = digits(16, 2);
                bytes += v < 0 ? QByteArray("\\x") : QByteArray(1, char(v));
            } else if (e == u'u' || e == u'U') {
                const long v = digits(16, e == u'u' ? 4 : 8);
                if (v < 0 || v > 0x10FFFF)
                    bytes += QByteArray("\\") + char(e.unicode());
                else {
                    const auto point = char32_t(v);
                    bytes += QString::fromUcs4(&point, 1).toUtf8();
                }
            } else if (e >= u'0' && e <= u'7') {
                m_pos -= 1;
                m_column -= 1;
                bytes += char(digits(8, 3) & 0xff);
            } else if (e == u'c' && !at(m_pos).isNull()) {
                bytes += char(at(m_pos).toUpper().unicode() & 0x1f);
                advance();
            } else {
                bytes += '\\';
                bytes += QString(e).toUtf8();
            }
        }
        if (m_pos >= m_text.size())
            return fail(RunsTr::tr("unclosed $'…' quote"), line, column);
        advance();
        m_word.text += QString::fromUtf8(bytes);
    }

    const QString &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    bool m_inWord = false;
    ShellWord m_word;
    ShellCommand m_command;
    ShellSplit m_result;
};

} // namespace

ShellSplit ShellWords::split(const QString &text)
{
    return Splitter(text).run();
}

} // namespace batchlab
