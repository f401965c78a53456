namespace Penchant.Core.Experiments;

/// <summary>
/// Figures that hold at every look: the mixture sequential probability ratio test (Robbins 1970; Johari, Pekelis and
/// Walsh, "Always valid inference", Operations Research 2022) with a normal mixture of scale τ over a difference, on
/// the normal approximation of the difference. A one-look interval and p-value hold for one read at a sample size
/// fixed in advance; read again and again as a test runs (a report on a dashboard), they find differences that are not
/// there far more often than 1 − confidence. With V the variance of the difference d, the likelihood ratio of a
/// difference θ is Λ = √(V / (V + τ²)) · exp(τ² (d − θ)² / (2 V (V + τ²))); the p-value is min(1, 1/Λ) at θ = 0, and
/// the interval the θ with Λ &lt; 1 / (1 − confidence). Wider than the one-look interval (about 3 standard errors
/// instead of 1.96 at 95%), but valid however often it is read.
/// </summary>
public static class MixtureSequentialTest
{
    /// <summary>τ for differences of rates by default: around five percentage points.</summary>
    public const double DefaultRateScale = 0.05;

    /// <summary>
    /// The p-value of no difference for <paramref name="difference"/> with variance <paramref name="variance"/>
    /// (positive) and mixture variance τ² <paramref name="mixtureVariance"/>, and the half-width of its interval at
    /// <paramref name="confidence"/>.
    /// </summary>
    public static (double PValue, double HalfWidth) Evaluate(double difference, double variance, double mixtureVariance, double confidence)
    {
        var (v, tau2) = (variance, mixtureVariance);
        var logLambda = (0.5 * Math.Log(v / (v + tau2))) + (tau2 * difference * difference / (2 * v * (v + tau2)));
        var halfWidth = Math.Sqrt(v * (v + tau2) / tau2 * (Math.Log((v + tau2) / v) + (2 * Math.Log(1 / (1 - confidence)))));
        return (Math.Min(1, Math.Exp(-logLambda)), halfWidth);
    }

    /// <summary>The standard normal quantile by bisection on the CDF (monotone), to about 1e-12.</summary>
    public static double NormalQuantile(double probability)
    {
        double low = -40, high = 40;
        for (var i = 0; i < 200 && high - low > 1e-13; i++)
        {
            var mid = (low + high) / 2;
            if (Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(mid) < probability)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return (low + high) / 2;
    }
}
