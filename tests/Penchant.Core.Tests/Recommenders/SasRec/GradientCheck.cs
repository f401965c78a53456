namespace Penchant.Core.Tests.Recommenders.SasRec;

/// <summary>Central finite differences against an analytic gradient, in float with tolerances sized for tiny shapes.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Perturbs <paramref name="x"/>[i] by ±<paramref name="eps"/> for each checked index and compares
    /// (loss(x+) − loss(x−)) / 2eps with <paramref name="analytic"/>[i].
    /// </summary>
    public static void Assert(string name, float[] x, Func<double> loss, float[] analytic, float eps = 1e-2f, double tolerance = 2e-2, IEnumerable<int>? indices = null)
    {
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var i in indices ?? Enumerable.Range(0, x.Length))
        {
            var keep = x[i];
            x[i] = keep + eps;
            var plus = loss();
            x[i] = keep - eps;
            var minus = loss();
            x[i] = keep;
            var numeric = (plus - minus) / (2.0 * eps);
            var error = Math.Abs(numeric - analytic[i]);
            if (error > tolerance * Math.Max(1e-1, Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]))))
            {
                failures.Add($"{name}[{i}]: numeric {numeric:G6} vs analytic {analytic[i]:G6}");
            }

            checkedCount++;
        }

        Xunit.Assert.True(checkedCount > 0);
        Xunit.Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} mismatches: " + string.Join("; ", failures.Take(12)));
    }

    public static float[] Random(Random rng, int n, double scale = 1.0)
    {
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)(((rng.NextDouble() * 2) - 1) * scale);
        }

        return x;
    }

    /// <summary>Σ w·y in double: a scalar loss whose gradient with respect to y is w.</summary>
    public static double Weighted(ReadOnlySpan<float> y, ReadOnlySpan<float> w)
    {
        double s = 0;
        for (var i = 0; i < w.Length; i++)
        {
            s += (double)y[i] * w[i];
        }

        return s;
    }
}
