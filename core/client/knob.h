// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "client/apiclient.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace batchlab {

/// One setting of a ClientConfig as the settings panel, the `.batchlab.json` file and the
/// command line (`--set maxBatchSize=20`) all know it: its block and key in the file, its type
/// and range, its texts for the panel, and how to read and write it on a ClientConfig.
/// KnobTable holds them all; nothing else lists the settings.
struct Knob
{
    enum class Type : quint8 {
        Integer, ///< a whole number (durations too, with unit "ms")
        Decimal,
        Switch, ///< true or false
        Choice, ///< one of `choices`, by its name
        StatusList, ///< HTTP statuses, "429,503" (an array of numbers in the file)
    };

    /// How the settings panel shows the knob: its box may be narrower than what the file takes
    /// (a batch of 5000 calls is valid, but not a number the panel offers), and counts some
    /// numbers in other units (a share as a percentage, bytes as MiB).
    struct Panel
    {
        bool shown = true;
        double min = 0;
        double max = 0;
        double scale = 1; ///< the box's units per the file's unit (100 for a percentage)
        int decimals = 0;
        const char *suffix = ""; ///< translated through ClientTr, e.g. " ms"
        /// A switch's row label (a switch's own label is its check box's text); may be empty.
        const char *rowLabel = "";
    };

    const char *block = ""; ///< "batch", "retry", "breaker", "cache": the file's blocks
    const char *name = ""; ///< the key in the file's block, e.g. "maxDelayMs"
    Type type = Type::Integer;
    double min = 0; ///< the range the file and the command line accept
    double max = 0;
    const char *unit = ""; ///< "ms", "bytes", or nothing
    std::vector<const char *> choices; ///< the file's lower-case names, in the enum's order
    std::vector<const char *> choiceLabels; ///< the panel's text of each choice (source text)
    const char *label = ""; ///< source text, translated by label()
    const char *help = ""; ///< source text, translated by help()
    /// false: a setting of the target's server profile, which the file keeps as the profile's
    /// id (TargetSpec::profile), not as this key.
    bool inFile = true;
    Panel panel;

    /// The value as a number: whole numbers, decimals, 0/1 for switches, a choice's index.
    std::function<double(const ClientConfig &)> get;
    std::function<void(ClientConfig &, double)> set;
    /// StatusList only.
    std::function<QList<int>(const ClientConfig &)> getList;
    std::function<void(ClientConfig &, const QList<int> &)> setList;

    /// "batch.maxBatchSize".
    QString qualifiedName() const;
    /// The value as the file writes it: 20, 2.5, true, "safe" (without quotes), 429,503.
    QString valueText(const ClientConfig &c) const;
    /// valueText() as a person reads it: switches on/off, the unit after numbers ("50 ms").
    /// KnobTable::apply() takes this form too.
    QString displayText(const ClientConfig &c) const;
    /// Sets the value from `text` (valueText()'s or displayText()'s form) after checking its
    /// type and range; false with `error` saying what was expected, `c` unchanged.
    bool setText(ClientConfig *c, const QString &text, QString *error) const;
    /// What setText() takes, in words: "a whole number from 1 to 2147483647".
    QString expected() const;

    QString translatedLabel() const;
    QString translatedHelp() const;
    QString choiceLabel(int index) const;
    QString panelSuffix() const;
    QString panelRowLabel() const;
};

} // namespace batchlab
