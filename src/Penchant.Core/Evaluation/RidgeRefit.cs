using System.Globalization;
using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>
/// Refitting a configuration chosen on validation carves for the full training data, with its ridge penalty scaled
/// to the longer histories the test ranks from.
/// </summary>
/// <remarks>
/// A validation carve holds part of each validation user's training records out, so the configurations are compared
/// on histories shorter than those the final model ranks from at test time. For the item-side EASE family the best
/// λ grows as histories shorten: on MovieLens 100K u1.base, carving each test-shaped validation carve once more the
/// same way (histories 62% as long) moved the best λ from about 1,480 to 2,500 for EASE and from about 520-750 to
/// 1,030-1,540 for EDLAE, while implicit ALS kept λ 30 (bench <c>ml100k-lambda</c>, which never reads the test
/// part's items; bench/results/evaluation.md). <see cref="ProfileRatio"/> measures how much shorter the validation
/// histories are; <see cref="Scale"/> applies it to a recommender that has a ridge penalty (<see cref="IRidgeScalable"/>).
/// On u1.test itself the rule did not help: EASE gained and EDLAE, the component the chosen blends use, lost, so the
/// blends fell short of those refitted as chosen (twelfth attempt in bench/results/evaluation.md). The evaluation
/// therefore refits as chosen unless asked (<c>--refit-ridge</c>).
/// </remarks>
public static class RidgeRefit
{
    /// <summary>
    /// The validation users' training histories in the validation folds as a share of their length in the test fold's
    /// training data (summed over those users, averaged over the folds); 1 without validation folds.
    /// </summary>
    public static double ProfileRatio(EvaluationSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        var full = split.Test.Train.Matrix;
        var ratios = new List<double>();
        foreach (var fold in split.ValidationFolds)
        {
            long carved = 0, whole = 0;
            for (var user = 0; user < fold.HeldOut.Count; user++)
            {
                if (fold.HeldOut[user].Length == 0)
                {
                    continue;
                }

                carved += fold.Train.Matrix.RowLength(user);
                whole += user < full.Rows ? full.RowLength(user) : 0;
            }

            if (whole > 0)
            {
                ratios.Add((double)carved / whole);
            }
        }

        return ratios.Count == 0 ? 1 : ratios.Average();
    }

    /// <summary>
    /// <paramref name="recommender"/> with its ridge penalty multiplied by <paramref name="factor"/> when it has one
    /// (looking through any <see cref="FitOnceRecommender"/> wrappers); otherwise, or with factor 1, the recommender itself.
    /// </summary>
    public static IRecommender Scale(IRecommender recommender, double factor)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        if (factor == 1)
        {
            return recommender;
        }

        // A chosen configuration may be wrapped more than once (the selection's cache, then the blend search's).
        var inner = recommender;
        while (inner is FitOnceRecommender once)
        {
            inner = once.Inner;
        }

        return inner is IRidgeScalable scalable ? scalable.WithRidgeScale(factor) : recommender;
    }

    /// <summary>The label of a refitted configuration: <paramref name="label"/>, saying the factor when the refit differs from the choice.</summary>
    public static string Label(string label, IRecommender chosen, IRecommender refit, double factor) =>
        ReferenceEquals(chosen, refit) ? label : string.Create(CultureInfo.InvariantCulture, $"{label}, refitted with λ × {factor:0.###}");
}
