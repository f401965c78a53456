namespace Penchant.Core.Exploration;

/// <summary>Options for <see cref="ClusterRanker"/>.</summary>
/// <param name="L2">Ridge penalty on the weights, per group (the loss is the mean negative log-likelihood plus L2 / 2 × |w|²).</param>
/// <param name="MaxIterations">Newton steps at most.</param>
/// <param name="Tolerance">Stop when no weight moves by more than this in a step.</param>
/// <param name="MaxGroups">Fit on at most this many groups, drawn with <paramref name="Seed"/> (0 = all).</param>
/// <param name="Seed">Seed of the subsample when <paramref name="MaxGroups"/> is set.</param>
public sealed record ClusterRankerOptions(double L2 = 1e-4, int MaxIterations = 50, double Tolerance = 1e-7, int MaxGroups = 0, int Seed = 42);

/// <summary>
/// One choice the ranker learns from: the feature rows of the candidates a shopper could have moved to (row-major,
/// <see cref="ClusterRanker.Dimensions"/> per row) and the row of the candidate they did move to.
/// </summary>
/// <param name="Features">Candidates × dimensions, row-major.</param>
/// <param name="Target">The chosen candidate's row.</param>
public sealed record ClusterRankingGroup(float[] Features, int Target);

/// <summary>
/// A learned ranker of candidate clusters: a conditional logit (softmax over each shopper's candidates) of a
/// linear score w · x, fitted by Newton's method with a ridge penalty.
/// </summary>
/// <remarks>
/// The model is P(candidate j | shopper) = exp(w · x_j) / Σ_k exp(w · x_k) over the shopper's own candidates, so
/// only differences between candidates matter and no intercept is needed. The negative log-likelihood is convex;
/// its gradient is the mean over groups of E_p[x] − x_target plus L2 × w, and its Hessian the mean of Cov_p[x] plus
/// L2 × I, so a few Newton steps (halved while the loss does not fall) reach the optimum deterministically.
/// With log-features, the fixed product of signals raised to hand-picked exponents is the special case of
/// hand-picked weights; this learns them from choices.
/// </remarks>
public sealed class ClusterRanker
{
    private readonly double[] _weights;

    private ClusterRanker(double[] weights, int iterations, double loss)
    {
        _weights = weights;
        Iterations = iterations;
        TrainingLoss = loss;
    }

    /// <summary>Feature dimensions per candidate.</summary>
    public int Dimensions => _weights.Length;

    /// <summary>The fitted weights.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Newton steps taken.</summary>
    public int Iterations { get; }

    /// <summary>The penalised mean negative log-likelihood at the fitted weights.</summary>
    public double TrainingLoss { get; }

    /// <summary>A ranker with the given weights (for example hand-picked ones to compare a fit against).</summary>
    public static ClusterRanker FromWeights(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("At least one weight is needed.", nameof(weights));
        }

        return new ClusterRanker([.. weights], 0, double.NaN);
    }

    /// <summary>Fits the weights on <paramref name="groups"/>, each a shopper's candidates and the one chosen.</summary>
    /// <exception cref="ArgumentException">A group's features are not whole rows of <paramref name="dimensions"/>, or its target is not one of its rows.</exception>
    public static ClusterRanker Fit(IReadOnlyList<ClusterRankingGroup> groups, int dimensions, ClusterRankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        options ??= new ClusterRankerOptions();
        foreach (var g in groups)
        {
            if (g.Features.Length % dimensions != 0 || (uint)g.Target >= (uint)(g.Features.Length / dimensions))
            {
                throw new ArgumentException("Every group needs whole feature rows and a target among them.", nameof(groups));
            }
        }

        var used = Subsample(groups, options);
        var w = new double[dimensions];
        var loss = Loss(used, w, options.L2, null, null);
        var gradient = new double[dimensions];
        var hessian = new double[dimensions * dimensions];
        var iterations = 0;
        for (; iterations < options.MaxIterations && used.Count > 0; iterations++)
        {
            Loss(used, w, options.L2, gradient, hessian);
            var step = Solve(hessian, gradient, dimensions);
            var scale = 1.0;
            double[] next;
            double nextLoss;
            do
            {
                next = [.. w.Select((v, d) => v - (scale * step[d]))];
                nextLoss = Loss(used, next, options.L2, null, null);
                scale /= 2;
            }
            while (nextLoss > loss + 1e-12 && scale > 1e-6);

            var moved = next.Select((v, d) => Math.Abs(v - w[d])).Max();
            if (nextLoss > loss + 1e-12)
            {
                break;
            }

            w = next;
            loss = nextLoss;
            if (moved < options.Tolerance)
            {
                iterations++;
                break;
            }
        }

        return new ClusterRanker(w, iterations, loss);
    }

    /// <summary>Scores candidate rows: <paramref name="scores"/>[r] = w · row r of <paramref name="features"/>.</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        var d = _weights.Length;
        if (features.Length != scores.Length * d)
        {
            throw new ArgumentException($"features must hold {scores.Length} rows of {d}.", nameof(features));
        }

        for (var r = 0; r < scores.Length; r++)
        {
            double s = 0;
            for (var j = 0; j < d; j++)
            {
                s += _weights[j] * features[(r * d) + j];
            }

            scores[r] = (float)s;
        }
    }

    /// <summary>The mean log-likelihood of the chosen candidates under this ranker (no penalty).</summary>
    public double MeanLogLikelihood(IReadOnlyList<ClusterRankingGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return groups.Count == 0 ? 0 : -Loss(groups, _weights, 0, null, null);
    }

    private static List<ClusterRankingGroup> Subsample(IReadOnlyList<ClusterRankingGroup> groups, ClusterRankerOptions options)
    {
        if (options.MaxGroups <= 0 || groups.Count <= options.MaxGroups)
        {
            return [.. groups];
        }

        var order = Enumerable.Range(0, groups.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        return [.. order.Take(options.MaxGroups).Order().Select(i => groups[i])];
    }

    /// <summary>Mean negative log-likelihood plus the penalty; fills the gradient and Hessian when given.</summary>
    private static double Loss(IReadOnlyList<ClusterRankingGroup> groups, double[] w, double l2, double[]? gradient, double[]? hessian)
    {
        var d = w.Length;
        if (gradient is not null)
        {
            Array.Clear(gradient);
            Array.Clear(hessian!);
        }

        double total = 0;
        var mean = new double[d];
        foreach (var g in groups)
        {
            var rows = g.Features.Length / d;
            var s = new double[rows];
            var max = double.NegativeInfinity;
            for (var r = 0; r < rows; r++)
            {
                double v = 0;
                for (var j = 0; j < d; j++)
                {
                    v += w[j] * g.Features[(r * d) + j];
                }

                s[r] = v;
                max = Math.Max(max, v);
            }

            double z = 0;
            for (var r = 0; r < rows; r++)
            {
                s[r] = Math.Exp(s[r] - max);
                z += s[r];
            }

            total += Math.Log(z) + max - (Math.Log(s[g.Target]) + max);
            if (gradient is null)
            {
                continue;
            }

            // p_r = s_r / z; gradient += E_p[x] − x_target; Hessian += E_p[x xᵀ] − E_p[x] E_p[x]ᵀ.
            Array.Clear(mean);
            for (var r = 0; r < rows; r++)
            {
                var p = s[r] / z;
                for (var a = 0; a < d; a++)
                {
                    var xa = g.Features[(r * d) + a];
                    mean[a] += p * xa;
                    for (var b = 0; b <= a; b++)
                    {
                        hessian![(a * d) + b] += p * xa * g.Features[(r * d) + b];
                    }
                }
            }

            for (var a = 0; a < d; a++)
            {
                gradient[a] += mean[a] - g.Features[(g.Target * d) + a];
                for (var b = 0; b <= a; b++)
                {
                    hessian![(a * d) + b] -= mean[a] * mean[b];
                }
            }
        }

        var n = Math.Max(1, groups.Count);
        var penalty = 0.5 * l2 * w.Sum(v => v * v);
        if (gradient is not null)
        {
            for (var a = 0; a < d; a++)
            {
                gradient[a] = (gradient[a] / n) + (l2 * w[a]);
                for (var b = 0; b <= a; b++)
                {
                    var h = (hessian![(a * d) + b] / n) + (a == b ? l2 : 0);
                    hessian[(a * d) + b] = h;
                    hessian[(b * d) + a] = h;
                }
            }
        }

        return (total / n) + penalty;
    }

    /// <summary>Solves H x = g by Gaussian elimination with partial pivoting (H is small and positive semi-definite plus ridge).</summary>
    private static double[] Solve(double[] h, double[] g, int d)
    {
        var a = (double[])h.Clone();
        var x = (double[])g.Clone();
        for (var col = 0; col < d; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < d; r++)
            {
                if (Math.Abs(a[(r * d) + col]) > Math.Abs(a[(pivot * d) + col]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[(pivot * d) + col]) < 1e-12)
            {
                // A direction the data never varies in (and no ridge): leave that weight where it is.
                a[(col * d) + col] = 1;
                x[col] = 0;
                for (var c = col + 1; c < d; c++)
                {
                    a[(col * d) + c] = 0;
                }

                continue;
            }

            if (pivot != col)
            {
                for (var c = 0; c < d; c++)
                {
                    (a[(col * d) + c], a[(pivot * d) + c]) = (a[(pivot * d) + c], a[(col * d) + c]);
                }

                (x[col], x[pivot]) = (x[pivot], x[col]);
            }

            for (var r = col + 1; r < d; r++)
            {
                var f = a[(r * d) + col] / a[(col * d) + col];
                if (f == 0)
                {
                    continue;
                }

                for (var c = col; c < d; c++)
                {
                    a[(r * d) + c] -= f * a[(col * d) + c];
                }

                x[r] -= f * x[col];
            }
        }

        for (var r = d - 1; r >= 0; r--)
        {
            var v = x[r];
            for (var c = r + 1; c < d; c++)
            {
                v -= a[(r * d) + c] * x[c];
            }

            x[r] = v / a[(r * d) + r];
        }

        return x;
    }
}
