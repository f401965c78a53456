using System.Globalization;
using System.Text;
using System.Text.Json;
using Penchant.Core.Evaluation;

namespace Penchant.Cli.Evaluation;

/// <summary>Writes an <see cref="EvaluationReport"/> as CSV, JSON and the per-user top-K lists.</summary>
internal static class ReportWriter
{
    /// <summary>
    /// One row per (model, fold) with every metric as a column: <c>model,fold,config,users,precision@10,...</c>.
    /// Validation rows hold the chosen configuration's validation figures; NaN prints as empty.
    /// </summary>
    public static void WriteCsv(EvaluationReport report, string path)
    {
        var rows = Rows(report).ToList();
        var names = rows.Count == 0 ? [] : rows[0].Result.Metrics.Entries().Select(static e => e.Name).ToList();
        var text = new StringBuilder();
        text.Append("model,fold,config,users,fit_seconds,rank_seconds");
        foreach (var name in names)
        {
            text.Append(',').Append(name);
        }

        text.Append('\n');
        foreach (var (model, fold, result) in rows)
        {
            text.Append(Csv(model)).Append(',').Append(fold).Append(',').Append(Csv(result.Label)).Append(',')
                .Append(result.Metrics.Users.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Number(result.FitTime.TotalSeconds)).Append(',')
                .Append(Number(result.RankTime.TotalSeconds));
            foreach (var (_, value) in result.Metrics.Entries())
            {
                text.Append(',').Append(Number(value));
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>The report as JSON: split counts, then per model the chosen configuration, its trials and its metrics.</summary>
    public static void WriteJson(EvaluationReport report, string path)
    {
        var split = report.Split;
        var document = new Dictionary<string, object?>
        {
            ["dataset"] = report.Dataset,
            ["split"] = split.Description,
            ["users"] = split.Users.Count,
            ["items"] = split.Items.Count,
            ["test"] = FoldCounts(split.Test),
            ["validation"] = split.Validation is { } v ? FoldCounts(v) : null,
            ["validation_carves"] = split.ValidationFolds.Count,
            ["models"] = report.Models.Select(m => new Dictionary<string, object?>
            {
                ["name"] = m.Name,
                ["config"] = m.Best.Label,
                ["tested_config"] = m.Test.Label,
                ["validation"] = m.Validation is { } val ? Metrics(val) : null,
                ["test"] = Metrics(m.Test),
                ["trials"] = m.Trials.Select(t => new Dictionary<string, object?> { ["config"] = t.Label, ["validation"] = Metrics(t) }).ToList(),
            }).ToList(),
            ["lists_model"] = report.ListModel?.Name,
            ["bootstrap"] = report.BootstrapOptions is not { } bo ? null : new Dictionary<string, object?>
            {
                ["resamples"] = bo.Resamples,
                ["confidence"] = bo.Confidence,
                ["seed"] = bo.Seed,
                ["models"] = report.Bootstrap.Select(static u => new Dictionary<string, object?>
                {
                    ["name"] = u.Model,
                    ["precision"] = Interval(u.Precision),
                    ["minus_lists_model"] = u.MinusListModel is { } d ? Interval(d) : null,
                }).ToList(),
            },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, JsonOptions));
    }

    /// <summary>
    /// Writes <c>user,item,rank</c> (external ids, rank from 1) for every evaluated test user of
    /// <paramref name="selection"/>, users in dense id order.
    /// </summary>
    public static void WriteLists(ModelSelection selection, EvaluationSplit split, string path)
    {
        var text = new StringBuilder("user,item,rank\n");
        var lists = selection.Test.Lists;
        for (var u = 0; u < lists.Count; u++)
        {
            if (lists[u] is not { } list)
            {
                continue;
            }

            for (var r = 0; r < list.Length; r++)
            {
                text.Append(Csv(split.Users[u])).Append(',').Append(Csv(split.Items[list[r]])).Append(',')
                    .Append((r + 1).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        File.WriteAllText(path, text.ToString());
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static IEnumerable<(string Model, string Fold, EvaluationResult Result)> Rows(EvaluationReport report)
    {
        foreach (var m in report.Models)
        {
            if (m.Validation is { } v)
            {
                yield return (m.Name, "validation", v);
            }

            yield return (m.Name, "test", m.Test);
        }
    }

    private static Dictionary<string, object?> Interval(BootstrapInterval interval) => new()
    {
        ["estimate"] = interval.Estimate,
        ["low"] = interval.Low,
        ["high"] = interval.High,
    };

    private static Dictionary<string, object?> FoldCounts(EvaluationFold fold) => new()
    {
        ["train_pairs"] = fold.Train.Matrix.NonZeros,
        ["held_out_users"] = fold.HeldOutUsers,
        ["held_out_pairs"] = fold.HeldOutRecords,
        ["cold_users"] = fold.ColdUsers,
        ["unseen_item_pairs"] = fold.UnseenItemRecords,
        ["unseen_items"] = fold.UnseenItems,
    };

    private static Dictionary<string, object?> Metrics(EvaluationResult result)
    {
        var d = new Dictionary<string, object?>
        {
            ["users"] = result.Metrics.Users,
            ["cold_users_skipped"] = result.ColdUsersSkipped,
            ["empty_users_skipped"] = result.EmptyUsersSkipped,
            ["seen_items_removed"] = result.SeenItemsRemoved,
            ["unseen_items_removed"] = result.UnseenItemsRemoved,
            ["fit_seconds"] = result.FitTime.TotalSeconds,
            ["rank_seconds"] = result.RankTime.TotalSeconds,
        };
        foreach (var (name, value) in result.Metrics.Entries())
        {
            d[name] = double.IsFinite(value) ? value : null;
        }

        return d;
    }

    private static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("0.######", CultureInfo.InvariantCulture) : "";

    /// <summary>A CSV field, quoted when it needs it.</summary>
    internal static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
