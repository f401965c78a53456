namespace Penchant.Core.Privacy.DifferentialPrivacy;

/// <summary>The complementary error function, the normal CDF and the regularised incomplete gamma function, which .NET does not provide.</summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>Φ(x), the standard normal CDF, accurate in relative terms in the lower tail.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    /// <summary>
    /// erfc(x) to about 1e-14 relative: the Maclaurin series of erf for |x| &lt; 2 (terms stay below ~10, so little
    /// cancellation), and the Laplace continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
    /// evaluated by the modified Lentz method for x ≥ 2, where it converges quickly.
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 2)
        {
            return 1 - ErfSeries(x);
        }

        if (x > 27)
        {
            return 0;
        }

        var f = ContinuedFraction(x, n => (n * 0.5, x));
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }

    /// <summary>
    /// Q(a, x) = Γ(a, x) / Γ(a), the upper regularised incomplete gamma function (χ² tails: Q(k/2, x/2)): by the series
    /// of P(a, x) for x &lt; a + 1, and by the continued fraction 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(…)))
    /// otherwise, each to about 1e-14 relative.
    /// </summary>
    public static double UpperRegularizedGamma(double a, double x)
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

        return Math.Exp(logPrefix) / ContinuedFraction(x + 1 - a, n => (-n * (n - a), x + 1 - a + (2 * n)));
    }

    /// <summary>ln Γ(a) for a &gt; 0 (Lanczos, g = 7, nine terms; about 1e-15 relative).</summary>
    public static double LogGamma(double a)
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

    /// <summary>
    /// b₀ + a₁/(b₁ + a₂/(b₂ + …)) by the modified Lentz method, to about 1e-16 relative; <paramref name="term"/> gives
    /// (aₙ, bₙ) for n ≥ 1.
    /// </summary>
    private static double ContinuedFraction(double b0, Func<int, (double A, double B)> term)
    {
        const double tiny = 1e-300;
        var f = b0 == 0 ? tiny : b0;
        var c = f;
        var d = 0.0;
        for (var n = 1; n < 1000; n++)
        {
            var (a, b) = term(n);
            d = b + (a * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (a / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return f;
    }

    private static double ErfSeries(double x)
    {
        // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
        var x2 = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            var add = term / ((2 * n) + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return TwoOverSqrtPi * sum;
    }
}
