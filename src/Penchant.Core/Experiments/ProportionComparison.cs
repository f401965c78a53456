namespace Penchant.Core.Experiments;

/// <summary>
/// Treatment against control on a rate (click-through, conversion): the difference of the two proportions with a
/// Wald confidence interval, and the two-sided p-value of the pooled two-proportion z-test.
/// </summary>
/// <param name="ControlRate">Successes over trials in the control arm.</param>
/// <param name="TreatmentRate">Successes over trials in the treatment arm.</param>
/// <param name="Difference">Treatment rate minus control rate.</param>
/// <param name="Lower">Lower end of the interval of the difference.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="Z">The pooled z statistic (0 when it is undefined).</param>
/// <param name="PValue">Two-sided p-value of no difference (1 when undefined).</param>
/// <remarks>
/// <see cref="Lower"/>, <see cref="Upper"/> and <see cref="PValue"/> hold for one look at a sample size fixed in
/// advance; looked at again and again as the test runs (a report on a dashboard), they find differences that are not
/// there far more often than 1 − confidence. <see cref="AnytimeLower"/>, <see cref="AnytimeUpper"/> and
/// <see cref="AnytimePValue"/> hold at every look at once: the mixture sequential probability ratio test (Robbins 1970;
/// Johari, Pekelis and Walsh, "Always valid inference", Operations Research 2022) with a normal mixture of scale τ over
/// the difference, on the normal approximation of the difference. With V the variance of the difference, the
/// likelihood ratio of a difference θ is Λ = √(V / (V + τ²)) · exp(τ² (d − θ)² / (2 V (V + τ²))); its p-value is
/// min(1, 1/Λ) at θ = 0 (pooled V), and its interval the θ with Λ &lt; 1 / (1 − confidence) (unpooled V). Wider than
/// the one-look interval (about 3 standard errors instead of 1.96 at 95%), but valid however often it is read.
/// </remarks>
public sealed record ProportionComparison(double ControlRate, double TreatmentRate, double Difference, double Lower, double Upper, double Z, double PValue)
{
    /// <summary>The mixture scale τ by default: differences of rates around five percentage points.</summary>
    public const double DefaultMixtureScale = 0.05;

    /// <summary>Lower end of the interval of the difference that holds at every look (-1 when undefined).</summary>
    public double AnytimeLower { get; init; } = -1;

    /// <summary>Upper end of the interval that holds at every look (1 when undefined).</summary>
    public double AnytimeUpper { get; init; } = 1;

    /// <summary>The p-value of no difference that holds at every look (1 when undefined).</summary>
    public double AnytimePValue { get; init; } = 1;

    /// <summary>
    /// Compares <paramref name="treatmentSuccesses"/> of <paramref name="treatmentTrials"/> with the control's, at
    /// <paramref name="confidence"/>; <paramref name="mixtureScale"/> is τ of the anytime-valid figures (the size of
    /// difference they are tightest around).
    /// </summary>
    public static ProportionComparison Compare(
        long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials, double confidence = 0.95, double mixtureScale = DefaultMixtureScale)
    {
        if (!(mixtureScale > 0 && double.IsFinite(mixtureScale)))
        {
            throw new ArgumentOutOfRangeException(nameof(mixtureScale), $"mixtureScale must be positive; it was {mixtureScale}.");
        }

        if (controlTrials <= 0 || treatmentTrials <= 0 || controlSuccesses < 0 || treatmentSuccesses < 0
            || controlSuccesses > controlTrials || treatmentSuccesses > treatmentTrials)
        {
            throw new ArgumentException($"Successes must lie between 0 and a positive number of trials ({controlSuccesses}/{controlTrials}, {treatmentSuccesses}/{treatmentTrials}).");
        }

        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), $"confidence must lie in (0, 1); it was {confidence}.");
        }

        var p1 = (double)controlSuccesses / controlTrials;
        var p2 = (double)treatmentSuccesses / treatmentTrials;
        var difference = p2 - p1;
        var se = Math.Sqrt((p1 * (1 - p1) / controlTrials) + (p2 * (1 - p2) / treatmentTrials));
        var critical = NormalQuantile(1 - ((1 - confidence) / 2));
        var pooled = (double)(controlSuccesses + treatmentSuccesses) / (controlTrials + treatmentTrials);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / controlTrials) + (1.0 / treatmentTrials)));
        var z = pooledSe > 0 ? difference / pooledSe : 0;
        var p = pooledSe > 0 ? 2 * Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(-Math.Abs(z)) : 1;
        var tau2 = mixtureScale * mixtureScale;
        var v0 = pooledSe * pooledSe;
        var anytimeP = v0 > 0 ? Mixture(difference, v0, tau2, confidence).PValue : 1;
        var halfWidth = se > 0 ? Mixture(difference, se * se, tau2, confidence).HalfWidth : double.PositiveInfinity;
        return new ProportionComparison(p1, p2, difference, difference - (critical * se), difference + (critical * se), z, p)
        {
            AnytimeLower = Math.Max(-1, difference - halfWidth),
            AnytimeUpper = Math.Min(1, difference + halfWidth),
            AnytimePValue = anytimeP,
        };
    }

    /// <summary>
    /// The normal-mixture sequential test of an estimate <paramref name="difference"/> with variance
    /// <paramref name="variance"/> (positive) and mixture variance <paramref name="mixtureVariance"/>: its p-value of 0,
    /// min(1, 1/Λ), and the half-width of the interval of the θ with Λ(θ) &lt; 1 / (1 − confidence).
    /// </summary>
    internal static (double PValue, double HalfWidth) Mixture(double difference, double variance, double mixtureVariance, double confidence)
    {
        var (v, tau2) = (variance, mixtureVariance);
        var logLambda = (0.5 * Math.Log(v / (v + tau2))) + (tau2 * difference * difference / (2 * v * (v + tau2)));
        var halfWidth = Math.Sqrt(v * (v + tau2) / tau2 * (Math.Log((v + tau2) / v) + (2 * Math.Log(1 / (1 - confidence)))));
        return (Math.Min(1, Math.Exp(-logLambda)), halfWidth);
    }

    // The standard normal quantile by bisection on the CDF (monotone), to about 1e-12.
    internal static double NormalQuantile(double probability)
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
