namespace Penchant.Core.Numerics;

/// <summary>Draws from standard distributions with a caller-supplied <see cref="Random"/> (seeded in tests).</summary>
public static class RandomSampling
{
    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Normal(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape &lt; 1 by the boost u^(1/shape)).</summary>
    public static double Gamma(Random rng, double shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape);
        if (shape < 1.0)
        {
            return Gamma(rng, shape + 1.0) * Math.Pow(1.0 - rng.NextDouble(), 1.0 / shape);
        }

        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(rng);
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1.0 - rng.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    /// <summary>
    /// A Beta(alpha, beta) draw: by inversion when either parameter is 1 (Beta(a, 1) is U^(1/a), Beta(1, b) is
    /// 1 - U^(1/b), Beta(1, 1) is uniform: the common case of an unexplored arm), otherwise from two Gamma draws.
    /// </summary>
    public static double Beta(Random rng, double alpha, double beta)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (beta == 1.0 && alpha > 0)
        {
            var u = rng.NextDouble();
            return alpha == 1.0 ? u : Math.Pow(u, 1.0 / alpha);
        }

        if (alpha == 1.0 && beta > 0)
        {
            return 1.0 - Math.Pow(1.0 - rng.NextDouble(), 1.0 / beta);
        }

        var x = Gamma(rng, alpha);
        var y = Gamma(rng, beta);
        return x / (x + y);
    }
}
