using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Grid search without peeking at the test: every configuration of an entry is fitted on the validation fold's
/// training data (the training records minus the validation records carved from them by the same protocol as
/// the test) and scored by NDCG@K on the validation records; the best is refitted on the full training set and
/// evaluated once on the test records.
/// </summary>
/// <remarks>
/// When the split has several validation carves (<see cref="EvaluationSplit.ValidationFolds"/>), every configuration
/// is fitted and scored on each, and its validation result is the mean over the carves
/// (<see cref="MetricReport.Mean"/>): one random carve decides by differences of a few thousandths of NDCG that
/// another carve reverses, and the mean of several carves has a smaller variance.
/// </remarks>
public sealed class ModelSelector(Evaluator evaluator)
{
    public Evaluator Evaluator { get; } = evaluator ?? throw new ArgumentNullException(nameof(evaluator));

    /// <summary>
    /// The factor by which the chosen configuration's ridge penalty is multiplied when it is refitted on the full
    /// training data for the test (<see cref="RidgeRefit"/>); 1, the default, refits it as chosen. Models without a
    /// ridge penalty (<see cref="IRidgeScalable"/>) are refitted as chosen whatever the factor.
    /// </summary>
    public double RefitRidgeScale { get; init; } = 1;

    /// <summary>Chooses and tests one entry. Ties keep the earlier configuration.</summary>
    public ModelSelection Select(ModelCatalogEntry entry, EvaluationSplit split, TrainingContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(split);
        if (entry.Candidates.Count == 0)
        {
            throw new ArgumentException($"Model '{entry.Name}' has no configurations.", nameof(entry));
        }

        var trials = new List<EvaluationResult>();
        var best = entry.Candidates[0];
        EvaluationResult? bestValidation = null;
        if (split.ValidationFolds.Count > 0)
        {
            foreach (var candidate in entry.Candidates)
            {
                var result = Mean(candidate.Label, [.. split.ValidationFolds.Select(fold => Evaluator.Evaluate(candidate.Label, candidate.Recommender, fold, context))]);
                trials.Add(result);
                if (bestValidation is null || Score(result) > Score(bestValidation))
                {
                    best = candidate;
                    bestValidation = result;
                }
            }
        }

        var refit = RidgeRefit.Scale(best.Recommender, RefitRidgeScale);
        var test = Evaluator.Evaluate(RidgeRefit.Label(best.Label, best.Recommender, refit, RefitRidgeScale), refit, split.Test, context);
        return new ModelSelection(entry.Name, trials, best, bestValidation, test);
    }

    /// <summary>
    /// One result standing for several folds' results of the same configuration: the mean metrics, the first
    /// fold's lists, the skipped and removed counts and times summed.
    /// </summary>
    public static EvaluationResult Mean(string label, IReadOnlyList<EvaluationResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw new ArgumentException("At least one result is needed.", nameof(results));
        }

        if (results.Count == 1)
        {
            return results[0];
        }

        return new EvaluationResult
        {
            Label = label,
            Metrics = MetricReport.Mean([.. results.Select(static r => r.Metrics)]),
            Lists = results[0].Lists,
            ColdUsersSkipped = results.Sum(static r => r.ColdUsersSkipped),
            EmptyUsersSkipped = results.Sum(static r => r.EmptyUsersSkipped),
            SeenItemsRemoved = results.Sum(static r => r.SeenItemsRemoved),
            UnseenItemsRemoved = results.Sum(static r => r.UnseenItemsRemoved),
            FitTime = TimeSpan.FromTicks(results.Sum(static r => r.FitTime.Ticks)),
            RankTime = TimeSpan.FromTicks(results.Sum(static r => r.RankTime.Ticks)),
        };
    }

    /// <summary>The selection criterion: NDCG@K (NaN counts as worst).</summary>
    public static double Score(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return double.IsNaN(result.Metrics.Ndcg) ? double.NegativeInfinity : result.Metrics.Ndcg;
    }
}
