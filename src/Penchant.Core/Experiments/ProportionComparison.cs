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
public sealed record ProportionComparison(double ControlRate, double TreatmentRate, double Difference, double Lower, double Upper, double Z, double PValue)
{
    /// <summary>Compares <paramref name="treatmentSuccesses"/> of <paramref name="treatmentTrials"/> with the control's, at <paramref name="confidence"/>.</summary>
    public static ProportionComparison Compare(long controlSuccesses, long controlTrials, long treatmentSuccesses, long treatmentTrials, double confidence = 0.95)
    {
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
        var critical = MixtureSequentialTest.NormalQuantile(1 - ((1 - confidence) / 2));
        var pooled = (double)(controlSuccesses + treatmentSuccesses) / (controlTrials + treatmentTrials);
        var pooledSe = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / controlTrials) + (1.0 / treatmentTrials)));
        var z = pooledSe > 0 ? difference / pooledSe : 0;
        var p = pooledSe > 0 ? 2 * Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(-Math.Abs(z)) : 1;
        return new ProportionComparison(p1, p2, difference, difference - (critical * se), difference + (critical * se), z, p);
    }
}
