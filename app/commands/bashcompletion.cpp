// SPDX-License-Identifier: BSD-3-Clause
#include "commands/bashcompletion.h"

namespace batchlab {

namespace {

/// The part of the script that does not depend on the tables. Bash splits a word at '=' and
/// ':' (COMP_WORDBREAKS) and replaces only what follows the last of them, so _batchlab glues
/// the pieces back (--set=maxBatchSize, json:out.json), completes the whole word and then
/// hands bash back only the tail it will replace.
const char *const kHelpers = R"BASH(
# _batchlab_add CUR WORD...: the WORDs that start with CUR.
_batchlab_add()
{
    local cur=$1 word
    shift
    for word in "$@"; do
        [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
    done
    return 0
}

# _batchlab_files CUR: the names of files and directories that start with CUR.
_batchlab_files()
{
    local IFS=$'\n' name
    compopt -o filenames 2>/dev/null
    for name in $(compgen -f -- "$1"); do
        COMPREPLY+=("$name")
    done
    return 0
}

# _batchlab_value CUR CANDIDATE...: a value; "<file>" is a file name, "<command>" a
# sub-command, a candidate ending in ':' (json:) a prefix followed by a file name.
_batchlab_value()
{
    local cur=$1 word before i
    shift
    for word in "$@"; do
        if [[ $word == "<file>" ]]; then
            _batchlab_files "$cur"
        elif [[ $word == "<command>" ]]; then
            _batchlab_add "$cur" "${_batchlab_commands[@]}"
        elif [[ $word == *: && $cur == "$word"* ]]; then
            before=${#COMPREPLY[@]}
            _batchlab_files "${cur#"$word"}"
            for ((i = before; i < ${#COMPREPLY[@]}; i++)); do
                COMPREPLY[i]=$word${COMPREPLY[i]}
            done
        elif [[ $word == "$cur"* ]]; then
            COMPREPLY+=("$word")
        fi
    done
    return 0
}

# _batchlab_position VALUED: how many positional arguments come before the current word
# (after the sub-command); VALUED lists the options that take a value, space-separated.
_batchlab_position()
{
    local i word skip=0
    position=0
    for ((i = cmdindex + 1; i < cword; i++)); do
        word=${words[i]}
        if ((skip)); then
            skip=0
        elif [[ $word == -*=* ]]; then
            :
        elif [[ $word == -* ]]; then
            [[ $1 == *" $word "* ]] && skip=1
        else
            ((position++))
        fi
    done
    return 0
}

_batchlab()
{
    COMPREPLY=()
    # The words as typed, with what bash split at '=' and ':' glued back.
    local -a words=()
    local i word glue=0
    for ((i = 0; i <= COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if ((i > 0)) && [[ $word == [=:] || $glue == 1 ]]; then
            words[${#words[@]} - 1]+=$word
        else
            words+=("$word")
        fi
        [[ $word == [=:] ]] && glue=1 || glue=0
    done
    local cword=$((${#words[@]} - 1))
    local cur=${words[cword]} prev=
    ((cword > 0)) && prev=${words[cword - 1]}

    # The sub-command: the first word that is not an option (no option before it takes a value).
    local cmd= cmdindex=0
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            cmd=${words[i]} cmdindex=$i
            break
        fi
    done

    # The option whose value is being typed, if any: --name=VALUE or --name VALUE.
    local opt= value=
    if [[ $cur == -*=* ]]; then
        opt=${cur%%=*} value=${cur#*=}
    elif [[ $prev == -* && $prev != *=* ]]; then
        opt=$prev value=$cur
    fi

    local position
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            _batchlab_add "$cur" -h --help -v --version
        else
            _batchlab_add "$cur" "${_batchlab_commands[@]}"
            _batchlab_files "$cur"
        fi
    else
        local fn=_batchlab_cmd_${cmd//[^a-zA-Z0-9]/_}
        declare -F "$fn" >/dev/null && "$fn"
    fi

    # An option written --name=VALUE: the candidates are values, bash wants them whole.
    if [[ $cur == -*=* && -n $opt ]]; then
        for ((i = 0; i < ${#COMPREPLY[@]}; i++)); do
            COMPREPLY[i]=$opt=${COMPREPLY[i]}
        done
    fi
    # Bash replaces only what follows the last '=' or ':' (of COMP_WORDBREAKS) in the word.
    local typed= c
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        c=${cur:i:1}
        if [[ $c == [=:] && $COMP_WORDBREAKS == *"$c"* ]]; then
            typed=${cur:0:i+1}
            break
        fi
    done
    if [[ -n $typed ]]; then
        for ((i = 0; i < ${#COMPREPLY[@]}; i++)); do
            COMPREPLY[i]=${COMPREPLY[i]#"$typed"}
        done
    fi
    # "json:" or "--name=" goes on without a space.
    for word in "${COMPREPLY[@]}"; do
        if [[ $word == *[=:] ]]; then
            compopt -o nospace 2>/dev/null
            break
        fi
    done
    return 0
}

complete -F _batchlab batchlab
)BASH";

QString wordList(const QStringList &words)
{
    QStringList quotedWords;
    for (const QString &word : words)
        quotedWords.append(BashCompletion::quoted(word));
    return quotedWords.join(u' ');
}

QString functionName(const QString &command)
{
    QString name = command;
    for (QChar &c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80))
            c = u'_';
    }
    return QStringLiteral("_batchlab_cmd_") + name;
}

/// _batchlab_cmd_NAME: completes inside one sub-command, with _batchlab's locals (cur, opt,
/// value, words, cword, cmdindex) in scope.
QString commandFunction(const CliCommand &command)
{
    QStringList options;
    QStringList valued;
    QString valueCases;
    for (const CliOption &option : command.options) {
        const QStringList spellings = option.spellings();
        options += spellings;
        if (!option.takesValue())
            continue;
        valued += spellings;
        QStringList patterns;
        for (const QString &spelling : spellings)
            patterns.append(BashCompletion::quoted(spelling));
        valueCases += QStringLiteral("    %1)\n").arg(patterns.join(u'|'));
        if (!option.completions.isEmpty())
            valueCases += QStringLiteral("        _batchlab_value \"$value\" %1\n").arg(wordList(option.completions));
        valueCases += QStringLiteral("        return 0\n        ;;\n");
    }
    options << QStringLiteral("-h") << QStringLiteral("--help");

    QString positionalCases;
    for (qsizetype i = 0; i < command.positionals.size(); ++i) {
        const QStringList completions = i < command.positionalCompletions.size()
                                            ? command.positionalCompletions.at(i)
                                            : QStringList{QStringLiteral("<file>")};
        positionalCases += QStringLiteral("    %1) _batchlab_value \"$cur\" %2 ;;\n").arg(i).arg(wordList(completions));
    }

    QString out = QStringLiteral("\n%1()\n{\n").arg(functionName(command.name));
    out += QStringLiteral("    # batchlab %1 %2\n").arg(command.name, command.synopsis);
    if (!valueCases.isEmpty())
        out += QStringLiteral("    case $opt in\n") + valueCases + QStringLiteral("    esac\n");
    out += QStringLiteral("    if [[ $cur == -* ]]; then\n        _batchlab_add \"$cur\" %1\n        return 0\n    fi\n")
               .arg(wordList(options));
    if (!positionalCases.isEmpty()) {
        out += QStringLiteral("    _batchlab_position %1\n").arg(BashCompletion::quoted(QStringLiteral(" ") + valued.join(u' ') + QStringLiteral(" ")));
        out += QStringLiteral("    case $position in\n") + positionalCases + QStringLiteral("    esac\n");
    }
    out += QStringLiteral("    return 0\n}\n");
    return out;
}

} // namespace

QString BashCompletion::quoted(const QString &word)
{
    QString out = word;
    out.replace(QStringLiteral("'"), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString BashCompletion::script(const QList<CliCommand> &commands)
{
    QString out = QStringLiteral(
        "# bash completion for batchlab(1)                                  -*- shell-script -*-\n"
        "# Generated by `batchlab completion bash` from the command tables of app/commands/;\n"
        "# do not edit. Install as /usr/share/bash-completion/completions/batchlab, or source it.\n");
    QStringList names;
    for (const CliCommand &command : commands)
        names.append(command.name);
    out += QStringLiteral("\n_batchlab_commands=(%1)\n").arg(wordList(names));
    for (const CliCommand &command : commands)
        out += commandFunction(command);
    out += QLatin1String(kHelpers);
    return out;
}

} // namespace batchlab
