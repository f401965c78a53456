namespace Penchant.Core.Experiments;

/// <summary>
/// One arm's per-shopper sums for a ratio metric: a numerator and a denominator per shopper (clicked slates and
/// slates; revenue and slates), with their squares and cross products, so that the ratio's variance can be taken
/// over shoppers, the unit that was randomised. <see cref="Add"/> one shopper at a time.
/// </summary>
public readonly record struct RatioSummary(long Units, double Numerator, double Denominator, double NumeratorSquares, double DenominatorSquares, double Cross)
{
    /// <summary>This summary with one more shopper's <paramref name="numerator"/> and <paramref name="denominator"/>.</summary>
    public RatioSummary Add(double numerator, double denominator) => new(
        Units + 1, Numerator + numerator, Denominator + denominator, NumeratorSquares + (numerator * numerator),
        DenominatorSquares + (denominator * denominator), Cross + (numerator * denominator));

    /// <summary>Σ numerator / Σ denominator (0 without a denominator).</summary>
    public double Ratio => Denominator > 0 ? Numerator / Denominator : 0;

    /// <summary>Σ (numerator − c · denominator)² over the shoppers.</summary>
    public double SquaredDeviation(double c) => Math.Max(0, NumeratorSquares - (2 * c * Cross) + (c * c * DenominatorSquares));

    /// <summary>
    /// The delta-method variance of <see cref="Ratio"/> with the deviations taken from <paramref name="c"/>:
    /// Σ (y − c n)² / ((N − 1) N n̄²). At c = the ratio itself it is the usual linearised variance (Deng, Knoblich and
    /// Lu, "Applying the delta method in metric analytics", KDD 2018); with one unit of denominator per shopper it is
    /// the variance of a mean.
    /// </summary>
    public double Variance(double c)
    {
        if (Units < 2 || !(Denominator > 0))
        {
            return 0;
        }

        var meanDenominator = Denominator / Units;
        return SquaredDeviation(c) / ((Units - 1) * (double)Units * meanDenominator * meanDenominator);
    }

    /// <summary>The standard deviation of one unit of denominator (one slate), linearised: √(Σ (y − R n)² / (N − 1)) / n̄.</summary>
    public double UnitDeviation => Units < 2 || !(Denominator > 0) ? 0 : Math.Sqrt(SquaredDeviation(Ratio) / (Units - 1)) / (Denominator / Units);
}

/// <summary>
/// Treatment against control on a ratio metric summed per shopper (click rate per slate, revenue per slate), where one
/// shopper can get many slates: the slates of one shopper are not independent, so the variance is taken over
/// shoppers by the delta method (<see cref="RatioSummary.Variance"/>). A test that counts slates as independent trials
/// finds differences that are not there when shoppers get several slates; <c>RatioComparisonTests</c> measures how
/// often. Gives the one-look interval and p-value, and the figures that hold at every look (the mixture sequential
/// probability ratio test, <see cref="MixtureSequentialTest"/>). The p-values take the deviations from the pooled
/// ratio of both arms (the null of no difference), the intervals from each arm's own.
/// </summary>
/// <param name="ControlRatio">The control's ratio.</param>
/// <param name="TreatmentRatio">The treatment's ratio.</param>
/// <param name="Difference">Treatment minus control.</param>
/// <param name="Lower">Lower end of the one-look interval.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="PValue">Two-sided one-look p-value of no difference (1 when undefined).</param>
/// <param name="AnytimeLower">Lower end of the interval that holds at every look.</param>
/// <param name="AnytimeUpper">Upper end.</param>
/// <param name="AnytimePValue">The p-value that holds at every look (1 when undefined).</param>
public sealed record RatioComparison(
    double ControlRatio, double TreatmentRatio, double Difference, double Lower, double Upper, double PValue,
    double AnytimeLower, double AnytimeUpper, double AnytimePValue)
{
    /// <summary>
    /// Compares <paramref name="treatment"/> with <paramref name="control"/> at <paramref name="confidence"/>;
    /// <paramref name="mixtureScale"/> is τ of the anytime figures, in the metric's own units.
    /// </summary>
    public static RatioComparison Compare(RatioSummary control, RatioSummary treatment, double mixtureScale, double confidence = 0.95)
    {
        if (control.Units < 2 || treatment.Units < 2 || !(control.Denominator > 0) || !(treatment.Denominator > 0))
        {
            throw new ArgumentException($"Each arm needs at least two shoppers with a denominator ({control.Units}, {treatment.Units}).");
        }

        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), $"confidence must lie in (0, 1); it was {confidence}.");
        }

        if (!(mixtureScale > 0 && double.IsFinite(mixtureScale)))
        {
            throw new ArgumentOutOfRangeException(nameof(mixtureScale), $"mixtureScale must be positive; it was {mixtureScale}.");
        }

        var (r1, r2) = (control.Ratio, treatment.Ratio);
        var difference = r2 - r1;
        var pooled = (control.Numerator + treatment.Numerator) / (control.Denominator + treatment.Denominator);
        var v0 = control.Variance(pooled) + treatment.Variance(pooled);
        var v = control.Variance(r1) + treatment.Variance(r2);
        var tau2 = mixtureScale * mixtureScale;
        var critical = MixtureSequentialTest.NormalQuantile(1 - ((1 - confidence) / 2));
        var p = v0 > 0 ? 2 * Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(-Math.Abs(difference) / Math.Sqrt(v0)) : 1;
        var anytimeP = v0 > 0 ? MixtureSequentialTest.Evaluate(difference, v0, tau2, confidence).PValue : 1;
        var halfWidth = v > 0 ? MixtureSequentialTest.Evaluate(difference, v, tau2, confidence).HalfWidth : 0;
        var se = Math.Sqrt(v);
        return new RatioComparison(r1, r2, difference, difference - (critical * se), difference + (critical * se), p, difference - halfWidth, difference + halfWidth, anytimeP);
    }

    /// <summary>
    /// <see cref="Compare"/> with the variance a covariate measured before the test explains taken out (CUPED: Deng, Xu,
    /// Kohavi and Walker, "Improving the sensitivity of online controlled experiments by utilizing pre-experiment data",
    /// WSDM 2013). Each shopper's linearised metric l = (y − R n) / n̄ (the delta method, as <see cref="RatioSummary.Variance"/>)
    /// becomes l − θ (x − x̄), with θ = cov(l, x) / var(x) pooled within the arms; the difference becomes
    /// (R₂ − R₁) − θ (x̄₂ − x̄₁), whose expectation is the same since the arms were randomised, and its variance
    /// Σ over arms of (var l − 2θ cov + θ² var x) / N. The share of variance removed is returned with it; without any
    /// spread of the covariate the comparison is <see cref="Compare"/>'s, with nothing removed.
    /// </summary>
    public static (RatioComparison Comparison, double VarianceReduction) CompareAdjusted(
        RatioSummary control, RatioSummary treatment, CovariateSums controlCovariate, CovariateSums treatmentCovariate, double mixtureScale, double confidence = 0.95)
    {
        var plain = Compare(control, treatment, mixtureScale, confidence);
        if (controlCovariate.Units != control.Units || treatmentCovariate.Units != treatment.Units)
        {
            throw new ArgumentException($"The covariate sums must cover the arms' shoppers ({controlCovariate.Units} of {control.Units}, {treatmentCovariate.Units} of {treatment.Units}).");
        }

        var a = Moments(control, controlCovariate);
        var b = Moments(treatment, treatmentCovariate);
        var pooledVarX = (a.VarX * (control.Units - 1)) + (b.VarX * (treatment.Units - 1));
        if (!(pooledVarX > 0))
        {
            return (plain, 0);
        }

        var theta = ((a.Cov * (control.Units - 1)) + (b.Cov * (treatment.Units - 1))) / pooledVarX;
        double Adjusted((double VarL, double Cov, double VarX, double MeanX) m, long n) =>
            Math.Max(0, m.VarL - (2 * theta * m.Cov) + (theta * theta * m.VarX)) / n;
        var before = (a.VarL / control.Units) + (b.VarL / treatment.Units);
        var v = Adjusted(a, control.Units) + Adjusted(b, treatment.Units);
        var difference = plain.Difference - (theta * (b.MeanX - a.MeanX));
        if (!(v > 0))
        {
            return (plain with { Difference = difference, Lower = difference, Upper = difference, AnytimeLower = difference, AnytimeUpper = difference }, before > 0 ? 1 : 0);
        }

        var se = Math.Sqrt(v);
        var critical = MixtureSequentialTest.NormalQuantile(1 - ((1 - confidence) / 2));
        var p = 2 * Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(-Math.Abs(difference) / se);
        var (anytimeP, halfWidth) = MixtureSequentialTest.Evaluate(difference, v, mixtureScale * mixtureScale, confidence);
        var comparison = new RatioComparison(
            plain.ControlRatio, plain.TreatmentRatio, difference, difference - (critical * se), difference + (critical * se), p, difference - halfWidth, difference + halfWidth, anytimeP);
        return (comparison, before > 0 ? Math.Clamp(1 - (v / before), 0, 1) : 0);
    }

    // Within one arm, over its shoppers: the variance of the linearised metric l = (y − R n) / n̄ at the arm's own
    // ratio R, its covariance with x, the variance of x, and the mean of x.
    private static (double VarL, double Cov, double VarX, double MeanX) Moments(RatioSummary arm, CovariateSums x)
    {
        var n = (double)arm.Units;
        var meanDenominator = arm.Denominator / n;
        var r = arm.Ratio;
        var varL = arm.SquaredDeviation(r) / (meanDenominator * meanDenominator) / (n - 1); // Σ l = 0 at the arm's own ratio
        var sumLX = (x.NumeratorX - (r * x.DenominatorX)) / meanDenominator;
        var cov = sumLX / (n - 1);
        var varX = Math.Max(0, x.XSquares - (x.X * x.X / n)) / (n - 1);
        return (varL, cov, varX, x.X / n);
    }
}

/// <summary>
/// One arm's per-shopper sums of a covariate measured before the test (a shopper's clicks, carts and purchases in the
/// weeks before their first slate, say) with the ratio metric's numerator and denominator, for
/// <see cref="RatioComparison.CompareAdjusted"/>: the sums of x, x², numerator·x and denominator·x. Add the same
/// shoppers, in any order, as to the arm's <see cref="RatioSummary"/>.
/// </summary>
public readonly record struct CovariateSums(long Units, double X, double XSquares, double NumeratorX, double DenominatorX)
{
    /// <summary>These sums with one more shopper: their covariate <paramref name="x"/> and the numerator and denominator added to the arm's <see cref="RatioSummary"/>.</summary>
    public CovariateSums Add(double x, double numerator, double denominator) =>
        new(Units + 1, X + x, XSquares + (x * x), NumeratorX + (numerator * x), DenominatorX + (denominator * x));
}

/// <summary>
/// Two ratio metrics measured on the same shoppers, compared with each other (explore slots' take rate against exploit
/// slots' in the same slates): per shopper a numerator and denominator of each, and the difference of the two ratios
/// with its variance over shoppers by the delta method, which counts that one shopper's two ratios go together
/// (z = (a − R₁ b) / b̄ − (c − R₂ d) / d̄ per shopper, Var = s²(z) / N). <see cref="Add"/> one shopper at a time.
/// </summary>
public sealed class PairedRatios
{
    private long _units;
    private double _a, _b, _c, _d, _aa, _bb, _cc, _dd, _ab, _cd, _ac, _ad, _bc, _bd;

    /// <summary>Adds a shopper: <paramref name="first"/> of <paramref name="firstOf"/> and <paramref name="second"/> of <paramref name="secondOf"/>.</summary>
    public void Add(double first, double firstOf, double second, double secondOf)
    {
        _units++;
        (_a, _b, _c, _d) = (_a + first, _b + firstOf, _c + second, _d + secondOf);
        (_aa, _bb, _cc, _dd) = (_aa + (first * first), _bb + (firstOf * firstOf), _cc + (second * second), _dd + (secondOf * secondOf));
        (_ab, _cd, _ac, _ad, _bc, _bd) = (_ab + (first * firstOf), _cd + (second * secondOf), _ac + (first * second), _ad + (first * secondOf), _bc + (firstOf * second), _bd + (firstOf * secondOf));
    }

    /// <summary>Shoppers added.</summary>
    public long Units => _units;

    /// <summary>
    /// The second ratio against the first (second − first, as <see cref="RatioComparison"/> with the first as control),
    /// at <paramref name="confidence"/>; <paramref name="mixtureScale"/> is τ of the anytime figures. Null with fewer
    /// than two shoppers or an empty denominator.
    /// </summary>
    public RatioComparison? CompareSecondToFirst(double mixtureScale, double confidence = 0.95)
    {
        if (_units < 2 || !(_b > 0) || !(_d > 0))
        {
            return null;
        }

        var (r1, r2) = (_a / _b, _c / _d);
        var (bbar, dbar) = (_b / _units, _d / _units);

        // Σ z² with z = (a − r1 b) / bbar − (c − r2 d) / dbar; Σ z = 0 at these ratios.
        var first = (_aa - (2 * r1 * _ab) + (r1 * r1 * _bb)) / (bbar * bbar);
        var second = (_cc - (2 * r2 * _cd) + (r2 * r2 * _dd)) / (dbar * dbar);
        var cross = (_ac - (r2 * _ad) - (r1 * _bc) + (r1 * r2 * _bd)) / (bbar * dbar);
        var v = Math.Max(0, first + second - (2 * cross)) / ((_units - 1) * (double)_units);
        var difference = r2 - r1;
        var critical = MixtureSequentialTest.NormalQuantile(1 - ((1 - confidence) / 2));
        if (!(v > 0))
        {
            return new RatioComparison(r1, r2, difference, difference, difference, 1, difference, difference, 1);
        }

        var se = Math.Sqrt(v);
        var p = 2 * Privacy.DifferentialPrivacy.SpecialFunctions.NormalCdf(-Math.Abs(difference) / se);
        var (anytimeP, halfWidth) = MixtureSequentialTest.Evaluate(difference, v, mixtureScale * mixtureScale, confidence);
        return new RatioComparison(r1, r2, difference, difference - (critical * se), difference + (critical * se), p, difference - halfWidth, difference + halfWidth, anytimeP);
    }
}
