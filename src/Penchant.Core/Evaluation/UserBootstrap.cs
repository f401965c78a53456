namespace Penchant.Core.Evaluation;

/// <summary>Options for <see cref="UserBootstrap"/>.</summary>
/// <param name="Resamples">Bootstrap resamples of the users (at least 2).</param>
/// <param name="Confidence">Coverage of the percentile interval, in (0, 1).</param>
/// <param name="Seed">Seed of the resampling, so an interval is reproducible.</param>
public sealed record BootstrapOptions(int Resamples = 2000, double Confidence = 0.95, int Seed = 42);

/// <summary>A mean over users and its bootstrap percentile interval.</summary>
/// <param name="Estimate">The mean over the evaluated users.</param>
/// <param name="Low">Lower end of the interval.</param>
/// <param name="High">Upper end of the interval.</param>
public readonly record struct BootstrapInterval(double Estimate, double Low, double High);

/// <summary>
/// How uncertain a test figure is because of which users happen to be in the test: resamples the evaluated users
/// with replacement (Efron's percentile bootstrap) and reads the interval off the resampled means. The paired form
/// resamples the same users for two models, so the interval of their difference leaves out what the two share
/// (which users are easy), and is much narrower than the two intervals side by side suggest.
/// </summary>
public static class UserBootstrap
{
    /// <summary>
    /// Precision@K of every evaluated user of <paramref name="lists"/> (a test result's top-K lists, null for users
    /// not evaluated) against the fold's held-out items, in user order. Its mean is the result's precision@K.
    /// </summary>
    public static double[] PerUserPrecision(EvaluationFold fold, IReadOnlyList<int[]?> lists, int k)
    {
        ArgumentNullException.ThrowIfNull(fold);
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (lists.Count != fold.HeldOut.Count)
        {
            throw new ArgumentException("One list (or null) per user row of the fold is required.", nameof(lists));
        }

        var values = new List<double>();
        var hits = new bool[k];
        for (var u = 0; u < lists.Count; u++)
        {
            if (lists[u] is not { } list)
            {
                continue;
            }

            var n = Math.Min(k, list.Length);
            Array.Clear(hits);
            for (var r = 0; r < n; r++)
            {
                hits[r] = Array.IndexOf(fold.HeldOut[u], list[r]) >= 0;
            }

            values.Add(RankingMetrics.Precision(hits, k));
        }

        return [.. values];
    }

    /// <summary>The mean of <paramref name="values"/> (one per user) with its bootstrap interval.</summary>
    public static BootstrapInterval Mean(ReadOnlySpan<double> values, BootstrapOptions? options = null) =>
        Interval(values, [], options ?? new BootstrapOptions());

    /// <summary>
    /// The mean of <paramref name="a"/> − <paramref name="b"/> (the same users, in the same order) with its paired
    /// bootstrap interval: each resample draws users and takes both models' values for them.
    /// </summary>
    public static BootstrapInterval MeanDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, BootstrapOptions? options = null)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("A paired difference needs one value of each model per user.", nameof(b));
        }

        return Interval(a, b, options ?? new BootstrapOptions());
    }

    private static BootstrapInterval Interval(ReadOnlySpan<double> a, ReadOnlySpan<double> b, BootstrapOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Resamples, 2);
        if (options.Confidence is <= 0 or >= 1 || double.IsNaN(options.Confidence))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Confidence must be in (0, 1).");
        }

        var n = a.Length;
        if (n == 0)
        {
            return new BootstrapInterval(double.NaN, double.NaN, double.NaN);
        }

        var paired = b.Length > 0;
        var d = new double[n];
        for (var u = 0; u < n; u++)
        {
            d[u] = paired ? a[u] - b[u] : a[u];
        }

        var estimate = d.Average();
        var random = new Random(options.Seed);
        var means = new double[options.Resamples];
        for (var s = 0; s < means.Length; s++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += d[random.Next(n)];
            }

            means[s] = sum / n;
        }

        Array.Sort(means);
        var tail = (1 - options.Confidence) / 2;
        return new BootstrapInterval(estimate, Quantile(means, tail), Quantile(means, 1 - tail));
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between order statistics.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
