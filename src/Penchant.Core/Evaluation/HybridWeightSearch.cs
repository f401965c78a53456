using System.Globalization;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Grid search of blend weights over 2-3 already chosen component configurations, scored by NDCG@K on the
/// validation fold, then the best blend refitted on the full training set and tested. The blend itself is built
/// by a delegate (for example <c>list => new HybridRecommender(new HybridOptions(list))</c>), so this search
/// does not depend on how the hybrid normalises scores.
/// </summary>
/// <remarks>
/// Weights run over the simplex: every combination of multiples of <c>step</c> that are all positive and sum to 1
/// (step 0.1: 9 blends of two models, 36 of three). Components are wrapped in <see cref="FitOnceRecommender"/>,
/// so each trains once per fold however many blends are tried.
/// </remarks>
public sealed class HybridWeightSearch(Evaluator evaluator, Func<IReadOnlyList<(IRecommender Recommender, double Weight)>, IRecommender> blend)
{
    private readonly Evaluator _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
    private readonly Func<IReadOnlyList<(IRecommender Recommender, double Weight)>, IRecommender> _blend = blend ?? throw new ArgumentNullException(nameof(blend));

    /// <summary>
    /// The factor by which the chosen blend's components with a ridge penalty have it multiplied when the blend is
    /// refitted on the full training data for the test (<see cref="RidgeRefit"/>); 1, the default, refits them as chosen.
    /// </summary>
    public double RefitRidgeScale { get; init; } = 1;

    /// <summary>Searches the weights of <paramref name="components"/> (name and chosen recommender each).</summary>
    public ModelSelection Search(IReadOnlyList<(string Name, IRecommender Recommender)> components, EvaluationSplit split, double step = 0.1, TrainingContext? context = null, BlendWeighting weighting = BlendWeighting.Grid)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(split);
        if (components.Count is < 2 or > 3)
        {
            throw new ArgumentException("A blend takes 2 or 3 components.", nameof(components));
        }

        var wrapped = components.Select(c => (c.Name, Recommender: (IRecommender)new FitOnceRecommender(c.Recommender))).ToList();
        return Finish(wrapped, Validate(wrapped, split, step, weighting, context), split, context);
    }

    /// <summary>
    /// Chooses the components by greedy forward selection on the validation folds (after Caruana, Niculescu-Mizil,
    /// Crew and Ksikes, "Ensemble selection from libraries of models", ICML 2004), then searches and tests their
    /// weights as <see cref="Search"/> does: the best of <paramref name="pool"/> is blended with each other model over
    /// the weight grid and the best pair kept; a further model joins only if some blend of three beats that pair on
    /// validation. So the partner is the model that adds most to the best one, which need not be the second best
    /// alone (two fits of one family rank alike and add little to each other). The test fold is used once, for the
    /// final blend.
    /// </summary>
    /// <param name="pool">Candidate components (name and chosen recommender), best on validation first; at least two.</param>
    /// <param name="split">The split: its validation folds choose, its test fold reports.</param>
    /// <param name="maxComponents">At most this many components (2 or 3).</param>
    /// <param name="step">Weight grid step.</param>
    /// <param name="context">Training context.</param>
    /// <param name="weighting">
    /// <see cref="BlendWeighting.Grid"/> searches the weights over the grid for every set tried;
    /// <see cref="BlendWeighting.Equal"/> gives every component of a set the same weight, so validation chooses only
    /// which components join.
    /// </param>
    public ModelSelection SearchGreedy(IReadOnlyList<(string Name, IRecommender Recommender)> pool, EvaluationSplit split, int maxComponents = 3, double step = 0.1, TrainingContext? context = null, BlendWeighting weighting = BlendWeighting.Grid)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentOutOfRangeException.ThrowIfLessThan(pool.Count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxComponents, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxComponents, 3);
        if (split.ValidationFolds.Count == 0)
        {
            return Search([.. pool.Take(maxComponents)], split, step, context, weighting);
        }

        // Fitted once per fold across every blend tried; each blend is validated once.
        var wrapped = pool.Select(c => (c.Name, Recommender: (IRecommender)new FitOnceRecommender(c.Recommender))).ToList();
        List<(string Name, IRecommender Recommender)> chosen = [wrapped[0]];
        List<(ModelCandidate Candidate, double[] Weights, EvaluationResult? Validation)>? chosenTrials = null;
        var chosenScore = double.NegativeInfinity;
        while (chosen.Count < maxComponents)
        {
            List<(string Name, IRecommender Recommender)>? bestSet = null;
            List<(ModelCandidate Candidate, double[] Weights, EvaluationResult? Validation)>? bestTrials = null;
            var bestScore = double.NegativeInfinity;
            foreach (var candidate in wrapped.Where(c => !chosen.Contains(c)))
            {
                List<(string Name, IRecommender Recommender)> set = [.. chosen, candidate];
                var trials = Validate(set, split, step, weighting, context);
                var score = trials.Max(static t => ModelSelector.Score(t.Validation!));
                if (score > bestScore)
                {
                    (bestSet, bestTrials, bestScore) = (set, trials, score);
                }
            }

            // The first partner always joins (a hybrid has two components at least); a third only if it helps.
            if (bestSet is null || (chosen.Count >= 2 && bestScore <= chosenScore))
            {
                break;
            }

            (chosen, chosenTrials, chosenScore) = (bestSet, bestTrials, bestScore);
        }

        return Finish(chosen, chosenTrials!, split, context);
    }

    /// <summary>
    /// Every blend of <paramref name="components"/> over the weight grid, each with its mean result over the validation
    /// folds (null when the split has none).
    /// </summary>
    private List<(ModelCandidate Candidate, double[] Weights, EvaluationResult? Validation)> Validate(IReadOnlyList<(string Name, IRecommender Recommender)> components, EvaluationSplit split, double step, BlendWeighting weighting, TrainingContext? context) =>
        [.. (weighting == BlendWeighting.Equal ? [EqualWeights(components.Count)] : WeightGrid(components.Count, step)).Select(weights =>
        {
            var candidate = new ModelCandidate(Label(components.Select(static c => c.Name), weights), _blend([.. components.Select((c, i) => (c.Recommender, weights[i]))]));
            return (candidate, weights, split.ValidationFolds.Count == 0
                ? null
                : ModelSelector.Mean(candidate.Label, [.. split.ValidationFolds.Select(fold => _evaluator.Evaluate(candidate.Label, candidate.Recommender, fold, context))]));
        })];

    /// <summary>
    /// The best validated blend (the earlier on ties, as <see cref="ModelSelector"/> chooses; the first without
    /// validation), tested once.
    /// </summary>
    private ModelSelection Finish(IReadOnlyList<(string Name, IRecommender Recommender)> components, List<(ModelCandidate Candidate, double[] Weights, EvaluationResult? Validation)> trials, EvaluationSplit split, TrainingContext? context)
    {
        var best = trials[0];
        foreach (var trial in trials.Where(static t => t.Validation is not null))
        {
            if (best.Validation is null || ModelSelector.Score(trial.Validation!) > ModelSelector.Score(best.Validation))
            {
                best = trial;
            }
        }

        // Refitted for the test with the components' ridge penalties scaled; a blend with none to scale is the one chosen.
        var refitComponents = components.Select(c => RidgeRefit.Scale(c.Recommender, RefitRidgeScale)).ToList();
        var refit = refitComponents.Where((r, i) => !ReferenceEquals(r, components[i].Recommender)).Any()
            ? _blend([.. refitComponents.Select((r, i) => (r, best.Weights[i]))])
            : best.Candidate.Recommender;
        var test = _evaluator.Evaluate(RidgeRefit.Label(best.Candidate.Label, best.Candidate.Recommender, refit, RefitRidgeScale), refit, split.Test, context);
        return new ModelSelection(
            "hybrid(" + string.Join('+', components.Select(static c => c.Name)) + ")",
            [.. trials.Select(static t => t.Validation).OfType<EvaluationResult>()],
            best.Candidate,
            best.Validation,
            test);
    }

    /// <summary>The one weight vector that gives each of <paramref name="count"/> components 1 / count.</summary>
    public static double[] EqualWeights(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return [.. Enumerable.Repeat(1.0 / count, count)];
    }

    /// <summary>All weight vectors of <paramref name="count"/> positive multiples of <paramref name="step"/> summing to 1.</summary>
    public static IReadOnlyList<double[]> WeightGrid(int count, double step)
    {
        if (step is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be in (0, 1].");
        }

        var units = (int)Math.Round(1 / step);
        var result = new List<double[]>();
        Fill(new int[count], 0, units, result, units);
        return result;
    }

    private static void Fill(int[] parts, int at, int left, List<double[]> result, int units)
    {
        if (at == parts.Length - 1)
        {
            if (left >= 1)
            {
                parts[at] = left;
                result.Add([.. parts.Select(p => (double)p / units)]);
            }

            return;
        }

        for (var p = 1; p <= left - (parts.Length - 1 - at); p++)
        {
            parts[at] = p;
            Fill(parts, at + 1, left - p, result, units);
        }
    }

    private static string Label(IEnumerable<string> names, double[] weights) =>
        string.Join(" + ", names.Zip(weights, static (n, w) => w.ToString("0.##", CultureInfo.InvariantCulture) + " " + n));
}
