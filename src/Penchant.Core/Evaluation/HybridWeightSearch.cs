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

    /// <summary>Searches the weights of <paramref name="components"/> (name and chosen recommender each).</summary>
    public ModelSelection Search(IReadOnlyList<(string Name, IRecommender Recommender)> components, EvaluationSplit split, double step = 0.1, TrainingContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(split);
        if (components.Count is < 2 or > 3)
        {
            throw new ArgumentException("A blend takes 2 or 3 components.", nameof(components));
        }

        var wrapped = components.Select(c => (c.Name, Recommender: (IRecommender)new FitOnceRecommender(c.Recommender))).ToArray();
        var candidates = WeightGrid(components.Count, step)
            .Select(weights => new ModelCandidate(
                Label(wrapped.Select(c => c.Name), weights),
                _blend([.. wrapped.Select((c, i) => (c.Recommender, weights[i]))])))
            .ToArray();
        var name = "hybrid(" + string.Join('+', components.Select(static c => c.Name)) + ")";
        return new ModelSelector(_evaluator).Select(new ModelCatalogEntry(name, candidates), split, context);
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
