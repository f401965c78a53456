using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Grid search without peeking at the test: every configuration of an entry is fitted on the validation fold's
/// training data (the training records minus the validation records carved from them by the same protocol as
/// the test) and scored by NDCG@K on the validation records; the best is refitted on the full training set and
/// evaluated once on the test records.
/// </summary>
public sealed class ModelSelector(Evaluator evaluator)
{
    public Evaluator Evaluator { get; } = evaluator ?? throw new ArgumentNullException(nameof(evaluator));

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
        if (split.Validation is { } validation)
        {
            foreach (var candidate in entry.Candidates)
            {
                var result = Evaluator.Evaluate(candidate.Label, candidate.Recommender, validation, context);
                trials.Add(result);
                if (bestValidation is null || Score(result) > Score(bestValidation))
                {
                    best = candidate;
                    bestValidation = result;
                }
            }
        }

        var test = Evaluator.Evaluate(best.Label, best.Recommender, split.Test, context);
        return new ModelSelection(entry.Name, trials, best, bestValidation, test);
    }

    /// <summary>The selection criterion: NDCG@K (NaN counts as worst).</summary>
    public static double Score(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return double.IsNaN(result.Metrics.Ndcg) ? double.NegativeInfinity : result.Metrics.Ndcg;
    }
}
