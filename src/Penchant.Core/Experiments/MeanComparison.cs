namespace Penchant.Core.Experiments;

/// <summary>
/// Treatment against control on a mean per unit (revenue per slate, items per order), from each arm's count, sum and
/// sum of squares: the difference of the means with Welch's large-sample interval and two-sided p-value, and the
/// figures that hold at every look, as <see cref="ProportionComparison"/> gives them for rates (the mixture sequential
/// probability ratio test on the normal approximation, with V = s₁²/n₁ + s₂²/n₂). The mixture's scale is given in
/// standard deviations of one unit (pooled over both arms), so it needs no currency.
/// </summary>
/// <param name="ControlMean">The control's mean.</param>
/// <param name="TreatmentMean">The treatment's mean.</param>
/// <param name="Difference">Treatment mean minus control mean.</param>
/// <param name="Lower">Lower end of the one-look interval of the difference.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="PValue">Two-sided one-look p-value of no difference (1 when undefined).</param>
/// <param name="AnytimeLower">Lower end of the interval that holds at every look (-∞ when undefined).</param>
/// <param name="AnytimeUpper">Upper end (+∞ when undefined).</param>
/// <param name="AnytimePValue">The p-value of no difference that holds at every look (1 when undefined).</param>
public sealed record MeanComparison(
    double ControlMean, double TreatmentMean, double Difference, double Lower, double Upper, double PValue,
    double AnytimeLower, double AnytimeUpper, double AnytimePValue)
{
    /// <summary>The mixture scale by default: a tenth of a standard deviation.</summary>
    public const double DefaultStandardizedMixtureScale = 0.1;

    /// <summary>
    /// Compares the treatment's <paramref name="treatment"/> summary with the control's at <paramref name="confidence"/>;
    /// <paramref name="standardizedMixtureScale"/> is τ in pooled standard deviations.
    /// </summary>
    public static MeanComparison Compare(
        MeanSummary control, MeanSummary treatment, double confidence = 0.95, double standardizedMixtureScale = DefaultStandardizedMixtureScale)
    {
        if (control.Count < 2 || treatment.Count < 2)
        {
            throw new ArgumentException($"Each arm needs at least two units ({control.Count}, {treatment.Count}).");
        }

        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), $"confidence must lie in (0, 1); it was {confidence}.");
        }

        if (!(standardizedMixtureScale > 0 && double.IsFinite(standardizedMixtureScale)))
        {
            throw new ArgumentOutOfRangeException(nameof(standardizedMixtureScale), $"standardizedMixtureScale must be positive; it was {standardizedMixtureScale}.");
        }

        var (m1, v1) = (control.Mean, control.Variance);
        var (m2, v2) = (treatment.Mean, treatment.Variance);
        var difference = m2 - m1;
        var v = (v1 / control.Count) + (v2 / treatment.Count);
        if (!(v > 0))
        {
            return new MeanComparison(m1, m2, difference, difference, difference, 1, double.NegativeInfinity, double.PositiveInfinity, 1);
        }

        var se = Math.Sqrt(v);
        var critical = ProportionComparison.NormalQuantile(1 - ((1 - confidence) / 2));
        var p = 2 * Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(-Math.Abs(difference) / se);
        var pooledVariance = (((control.Count - 1) * v1) + ((treatment.Count - 1) * v2)) / (control.Count + treatment.Count - 2);
        var tau2 = standardizedMixtureScale * standardizedMixtureScale * pooledVariance;
        var anytime = ProportionComparison.Mixture(difference, v, tau2, confidence);
        return new MeanComparison(m1, m2, difference, difference - (critical * se), difference + (critical * se), p, difference - anytime.HalfWidth, difference + anytime.HalfWidth, anytime.PValue);
    }
}

/// <summary>Count, sum and sum of squares of one arm's values; <see cref="Add"/> one value at a time.</summary>
public readonly record struct MeanSummary(long Count, double Sum, double SumOfSquares)
{
    /// <summary>This summary with <paramref name="value"/> added.</summary>
    public MeanSummary Add(double value) => new(Count + 1, Sum + value, SumOfSquares + (value * value));

    /// <summary>The mean (0 without values).</summary>
    public double Mean => Count > 0 ? Sum / Count : 0;

    /// <summary>The sample variance (n − 1; 0 with fewer than two values).</summary>
    public double Variance => Count > 1 ? Math.Max(0, (SumOfSquares - (Sum * Sum / Count)) / (Count - 1)) : 0;
}
