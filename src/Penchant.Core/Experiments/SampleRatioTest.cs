namespace Penchant.Core.Experiments;

/// <summary>
/// The sample ratio mismatch check: whether the shoppers observed in each variant fit the shares the test was configured
/// with, by Pearson's χ² goodness of fit with (variants − 1) degrees of freedom. Hash assignment splits shoppers as
/// configured, so a mismatch means something between assignment and the report loses or adds shoppers unevenly (a
/// variant that fails or is slower to answer, a cache, bots, a filter), and the comparisons cannot be trusted until it
/// is found (Fabijan et al., "Diagnosing sample ratio mismatch in online controlled experiments", KDD 2019, flag at
/// p &lt; 0.0005; this uses 0.001).
/// </summary>
/// <param name="Observed">Shoppers seen per variant.</param>
/// <param name="Expected">Shoppers expected per variant from the configured shares and the total seen.</param>
/// <param name="ChiSquare">Pearson's statistic.</param>
/// <param name="PValue">P(χ² ≥ statistic) with (variants − 1) degrees of freedom; 1 when nothing was seen.</param>
public sealed record SampleRatioTest(IReadOnlyList<long> Observed, IReadOnlyList<double> Expected, double ChiSquare, double PValue)
{
    /// <summary>The p-value below which the split is called a mismatch.</summary>
    public const double Threshold = 0.001;

    /// <summary>Whether the split does not fit the configured shares (<see cref="PValue"/> below <see cref="Threshold"/>).</summary>
    public bool Mismatch => PValue < Threshold;

    /// <summary>Checks <paramref name="observed"/> shoppers per variant against relative <paramref name="shares"/> (positive).</summary>
    public static SampleRatioTest Check(IReadOnlyList<long> observed, IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(shares);
        if (observed.Count != shares.Count || observed.Count < 2)
        {
            throw new ArgumentException($"One share per variant and at least two variants are needed ({observed.Count} counts, {shares.Count} shares).");
        }

        if (shares.Any(static s => !(s > 0 && double.IsFinite(s))) || observed.Any(static o => o < 0))
        {
            throw new ArgumentException("Shares must be positive and counts not negative.");
        }

        var total = observed.Sum();
        var shareSum = shares.Sum();
        double[] expected = [.. shares.Select(s => total * s / shareSum)];
        if (total == 0)
        {
            return new SampleRatioTest(observed, expected, 0, 1);
        }

        var chi = observed.Select((o, i) => (o - expected[i]) * (o - expected[i]) / expected[i]).Sum();
        return new SampleRatioTest(observed, expected, chi, ChiSquareSurvival(chi, observed.Count - 1));
    }

    /// <summary>P(X ≥ <paramref name="x"/>) for X ~ χ² with <paramref name="degrees"/> degrees of freedom: Q(k/2, x/2).</summary>
    public static double ChiSquareSurvival(double x, int degrees)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degrees);
        return x <= 0 ? 1 : Privacy.DifferentialPrivacy.SpecialFunctions.UpperRegularizedGamma(degrees / 2.0, x / 2);
    }
}
