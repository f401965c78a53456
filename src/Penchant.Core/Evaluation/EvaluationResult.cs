namespace Penchant.Core.Evaluation;

/// <summary>What one evaluation of one model on one fold produced.</summary>
public sealed record EvaluationResult
{
    /// <summary>The model's label, e.g. "itemknn" or a configuration description.</summary>
    public required string Label { get; init; }

    public required MetricReport Metrics { get; init; }

    /// <summary>Per dense user, the top-K recommended items best first; null for users not evaluated.</summary>
    public required IReadOnlyList<int[]?> Lists { get; init; }

    /// <summary>Held-out users skipped because they have no training record.</summary>
    public required int ColdUsersSkipped { get; init; }

    /// <summary>Held-out users skipped because nothing relevant was left after the removals below.</summary>
    public required int EmptyUsersSkipped { get; init; }

    /// <summary>Held-out pairs removed because the user has the item in training (only when training items are excluded).</summary>
    public required int SeenItemsRemoved { get; init; }

    /// <summary>Held-out pairs removed because the item has no training record (only under <see cref="UnseenItemPolicy.Drop"/>).</summary>
    public required int UnseenItemsRemoved { get; init; }

    /// <summary>Time to fit the model; zero when a fitted model was passed in.</summary>
    public TimeSpan FitTime { get; init; }

    /// <summary>Time to rank for every user and compute the metrics.</summary>
    public TimeSpan RankTime { get; init; }
}
