using System.Numerics.Tensors;

namespace Penchant.Core.Numerics;

/// <summary>A smooth objective: returns f(x) and writes the gradient at x into <c>gradient</c>.</summary>
public delegate double DifferentiableFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>The outcome of <see cref="Lbfgs.Minimize"/>.</summary>
/// <param name="Value">The objective at the returned point.</param>
/// <param name="Iterations">Iterations taken.</param>
/// <param name="Converged">Whether the gradient tolerance was met (rather than the iteration limit or a stalled line search).</param>
public readonly record struct LbfgsResult(double Value, int Iterations, bool Converged);

/// <summary>
/// Limited-memory BFGS for smooth unconstrained minimisation, with a backtracking (Armijo) line search.
/// Deterministic: the same start and objective give the same iterates.
/// </summary>
/// <remarks>
/// Liu and Nocedal, "On the limited memory BFGS method for large scale optimization", Mathematical
/// Programming 45, 1989; the two-loop recursion as in Nocedal and Wright, Numerical Optimization, Alg. 7.4.
/// </remarks>
public static class Lbfgs
{
    /// <summary>Minimises <paramref name="f"/> starting from <paramref name="x"/>, which is overwritten by the solution.</summary>
    /// <param name="f">The objective and its gradient.</param>
    /// <param name="x">Start point in, minimiser out.</param>
    /// <param name="memory">How many correction pairs are kept.</param>
    /// <param name="maxIterations">Iteration limit.</param>
    /// <param name="tolerance">Stops when |g| &lt;= tolerance x max(1, |x|) or the relative decrease of f falls below tolerance².</param>
    /// <param name="cancellation">Checked every iteration.</param>
    public static LbfgsResult Minimize(DifferentiableFunction f, double[] x, int memory = 8, int maxIterations = 300, double tolerance = 1e-5, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Length;
        var g = new double[n];
        var fx = f(x, g);
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        var alpha = new double[memory];
        var stored = 0;
        var newest = -1;
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            var gNorm = TensorPrimitives.Norm<double>(g);
            if (gNorm <= tolerance * Math.Max(1.0, TensorPrimitives.Norm<double>(x)))
            {
                return new LbfgsResult(fx, iteration, true);
            }

            // Two-loop recursion: d = -H g.
            g.CopyTo(d, 0);
            for (var k = 0; k < stored; k++)
            {
                var i = (newest - k + memory) % memory;
                alpha[i] = rho[i] * TensorPrimitives.Dot<double>(s[i], d);
                AddScaled(d, y[i], -alpha[i]);
            }

            var gamma = stored > 0 ? TensorPrimitives.Dot<double>(s[newest], y[newest]) / TensorPrimitives.Dot<double>(y[newest], y[newest]) : 1.0 / gNorm;
            TensorPrimitives.Multiply(d, gamma, d);
            for (var k = stored - 1; k >= 0; k--)
            {
                var i = (newest - k + memory) % memory;
                var beta = rho[i] * TensorPrimitives.Dot<double>(y[i], d);
                AddScaled(d, s[i], alpha[i] - beta);
            }

            TensorPrimitives.Negate(d, d);
            var slope = TensorPrimitives.Dot<double>(d, g);
            if (slope >= 0)
            {
                // Not a descent direction: restart from steepest descent.
                TensorPrimitives.Negate(g, d);
                TensorPrimitives.Multiply(d, 1.0 / gNorm, d);
                slope = -gNorm;
                stored = 0;
            }

            var step = 1.0;
            double fNew;
            while (true)
            {
                for (var j = 0; j < n; j++)
                {
                    xNew[j] = x[j] + (step * d[j]);
                }

                fNew = f(xNew, gNew);
                if (fNew <= fx + (1e-4 * step * slope))
                {
                    break;
                }

                step *= 0.5;
                if (step < 1e-16)
                {
                    return new LbfgsResult(fx, iteration, false);
                }
            }

            newest = (newest + 1) % memory;
            s[newest] ??= new double[n];
            y[newest] ??= new double[n];
            TensorPrimitives.Subtract(xNew, x, s[newest]);
            TensorPrimitives.Subtract(gNew, g, y[newest]);
            var sy = TensorPrimitives.Dot<double>(s[newest], y[newest]);
            if (sy > 1e-12)
            {
                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, memory);
            }
            else
            {
                // Curvature too small to trust: forget the history.
                stored = 0;
            }

            var decrease = fx - fNew;
            xNew.CopyTo(x, 0);
            gNew.CopyTo(g, 0);
            fx = fNew;
            if (decrease <= tolerance * tolerance * Math.Max(1.0, Math.Abs(fx)))
            {
                return new LbfgsResult(fx, iteration + 1, true);
            }
        }

        return new LbfgsResult(fx, maxIterations, false);
    }

    private static void AddScaled(double[] target, double[] v, double scale)
    {
        for (var j = 0; j < target.Length; j++)
        {
            target[j] += scale * v[j];
        }
    }
}
