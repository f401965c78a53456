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
        return x <= 0 ? 1 : UpperRegularizedGamma(degrees / 2.0, x / 2);
    }

    /// <summary>
    /// Q(a, x) = Γ(a, x) / Γ(a): by the series of P(a, x) for x &lt; a + 1 and by the continued fraction (modified
    /// Lentz) otherwise, each to about 1e-14 relative.
    /// </summary>
    internal static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            // P(a, x) = e^(−x) x^a / Γ(a + 1) · Σ x^n / ((a + 1)…(a + n)).
            double term = 1 / a, sum = term;
            for (var n = 1; n < 1000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-16)
                {
                    break;
                }
            }

            return Math.Max(0, 1 - (sum * Math.Exp(logPrefix)));
        }

        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(logPrefix) * h;
    }

    /// <summary>ln Γ(a) for a &gt; 0 (Lanczos, g = 7, nine terms; about 1e-15 relative).</summary>
    internal static double LogGamma(double a)
    {
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (a < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * a))) - LogGamma(1 - a); // reflection
        }

        a -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (a + i);
        }

        var t = a + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((a + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
