using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Als;

/// <summary>Options for <see cref="AlsRecommender"/>.</summary>
/// <param name="Factors">Latent dimensions per user and item.</param>
/// <param name="Regularization">The L2 weight λ on user and item factors.</param>
/// <param name="Alpha">Confidence slope: an interaction of weight r has confidence 1 + α r.</param>
/// <param name="Iterations">Alternating sweeps (users, then items).</param>
/// <param name="CgSteps">For <see cref="AlsSolver.Cg"/>: conjugate-gradient steps per row and sweep.</param>
/// <param name="Solver">How each row's least-squares step is solved in training.</param>
/// <param name="Bag">
/// Factorisations fitted from different random starts (seeds derived from the training seed, the first being the
/// seed itself) whose scores are averaged (<see cref="AlsBagModel"/>); 1, the default, is one plain model
/// (<see cref="AlsModel"/>). Averaging removes part of the variance that the random start leaves in one fit.
/// </param>
/// <param name="FrequencyExponent">
/// ν of frequency-scaled regularisation (Rendle, Krichene, Zhang and Koren, "Revisiting the Performance of iALS on
/// Item Recommendation Benchmarks", RecSys 2022): each user's and each item's ridge is λ (m / N)^ν, where m is the
/// row's total pair weight (Σ over all its pairs of the weight the loss gives them: the missing weight of every pair
/// plus, for each interaction, its confidence less that pair's missing weight) and N the number of items, so a row
/// with more (or more confident) interactions is regularised more. 0, the default, is the constant λ.
/// </param>
/// <param name="MissingExponent">
/// ω of popularity-dependent weights on the missing data (He, Zhang, Kan and Chua, "Fast Matrix Factorization for
/// Online Recommendation with Implicit Feedback", SIGIR 2016): an unobserved pair (u, i) has weight
/// m_i = N f_i^ω / Σ_j f_j^ω instead of 1, f_i being item i's number of training users, so the total missing weight
/// is unchanged; ω &gt; 0 makes popular items count more as negatives, ω &lt; 0 less. 0, the default, is weight 1 on
/// every missing pair.
/// </param>
public sealed record AlsOptions(
    int Factors = 64,
    float Regularization = 0.05f,
    float Alpha = 10f,
    int Iterations = 15,
    int CgSteps = 3,
    AlsSolver Solver = AlsSolver.Cg,
    int Bag = 1,
    float FrequencyExponent = 0f,
    float MissingExponent = 0f);

/// <summary>How <see cref="AlsRecommender"/> solves each row's k x k least-squares step in training.</summary>
public enum AlsSolver
{
    /// <summary>A few conjugate-gradient steps warm-started from the previous factors, never forming the system.</summary>
    Cg,

    /// <summary>The exact solve: form the k x k system and factor it (O(k³) per row).</summary>
    Cholesky,
}

/// <summary>The trained factors of a factorisation, row-major (count x k).</summary>
public sealed record AlsFactors(int Factors, float[] Users, float[] Items);

/// <summary>
/// Implicit-feedback matrix factorisation by alternating least squares: minimises
/// Σ_{u,i} c_ui (p_ui - x_u·y_i)² + λ(Σ|x_u|² + Σ|y_i|²), with p_ui = 1 on interactions and 0 elsewhere and
/// confidence c_ui = 1 + α r_ui.
/// </summary>
/// <remarks>
/// Hu, Koren and Volinsky, "Collaborative filtering for implicit feedback datasets", ICDM 2008: each row's step
/// solves (YᵀY + Yᵀ(C_u - I)Y + λI) x_u = Yᵀ C_u p_u, with YᵀY computed once per sweep. With
/// <see cref="AlsSolver.Cg"/> the step is a few conjugate-gradient iterations from the previous x_u, applying the
/// system matrix as YᵀY x + Σ_{i∈u} (c_ui - 1)(y_i·x) y_i + λx (Takács, Pilászy and Tikk, "Applications of the
/// conjugate gradient method for implicit feedback collaborative filtering", RecSys 2011). Rows are solved in
/// parallel; each row's solve reads only the fixed other side and its own previous value, so a seed fixes the
/// model exactly whatever the scheduling.
/// </remarks>
public sealed class AlsRecommender(AlsOptions? options = null) : IRecommender
{
    public AlsOptions Options { get; } = options ?? new AlsOptions();

    public string Name => AlsModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.Bag);
        var missing = Options.MissingExponent == 0f ? null : MissingWeights(data.Matrix.Transpose(), Options.MissingExponent);
        if (Options.Bag == 1)
        {
            var factors = Factorize(data.Matrix, context);
            return new AlsModel(factors.Factors, factors.Items, Options, missing);
        }

        var members = new AlsModel[Options.Bag];
        for (var b = 0; b < members.Length; b++)
        {
            var factors = Factorize(data.Matrix, context with { Seed = MemberSeed(context.Seed, b) });
            members[b] = new AlsModel(factors.Factors, factors.Items, Options with { Bag = 1 }, missing);
        }

        return new AlsBagModel(members);
    }

    /// <summary>The seed of bag member <paramref name="member"/>: the training seed itself for the first.</summary>
    public static int MemberSeed(int seed, int member) => unchecked(seed + (member * 7919));

    /// <summary>
    /// The missing-data weight of each item (rows of <paramref name="itemsByUser"/>, the transposed interaction
    /// matrix) for exponent ω: N f_i^ω / Σ_j f_j^ω with f_i the item's number of users (0 for an item without users,
    /// whatever the sign of ω); null when ω is 0 (weight 1 everywhere) or no item has a user.
    /// </summary>
    public static float[]? MissingWeights(InteractionMatrix itemsByUser, float exponent)
    {
        ArgumentNullException.ThrowIfNull(itemsByUser);
        if (!float.IsFinite(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The missing-data exponent must be finite.");
        }

        if (exponent == 0f)
        {
            return null;
        }

        var n = itemsByUser.Rows;
        var powers = new double[n];
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            var f = itemsByUser.RowColumns(i).Length;
            powers[i] = f == 0 ? 0 : Math.Pow(f, exponent);
            total += powers[i];
        }

        if (total == 0)
        {
            return null;
        }

        var weights = new float[n];
        for (var i = 0; i < n; i++)
        {
            weights[i] = (float)(n * powers[i] / total);
        }

        return weights;
    }

    /// <summary>Runs the alternating sweeps on <paramref name="x"/> and returns both sides' factors.</summary>
    public AlsFactors Factorize(InteractionMatrix x, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(context);
        var o = Options;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(o.Factors);
        ArgumentOutOfRangeException.ThrowIfNegative(o.Iterations);
        ArgumentOutOfRangeException.ThrowIfNegative(o.Regularization);
        var k = o.Factors;
        var xt = x.Transpose();
        var missing = MissingWeights(xt, o.MissingExponent);
        var (userRidge, itemRidge) = Ridges(x, xt, missing);
        var rng = new Xorshift64Star((ulong)(uint)context.Seed ^ 0xA150_0000UL);
        var users = Uniform(ref rng, (long)x.Rows * k, 0.01f);
        var items = Uniform(ref rng, (long)x.Columns * k, 0.01f);
        var gram = new float[k * k];
        for (var it = 0; it < o.Iterations; it++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            Sweep(x, items, users, gram, new RowWeights(missing, null, userRidge), context.Cancellation);
            Sweep(xt, users, items, gram, new RowWeights(null, missing, itemRidge), context.Cancellation);
            context.Report("als sweeps", (it + 1.0) / o.Iterations);
        }

        return new AlsFactors(k, users, items);
    }

    /// <summary>
    /// The training objective Σ w (p - x·y)² + Σ_rows λ_row |row|² of <paramref name="factors"/> on
    /// <paramref name="x"/>, in double precision: w is the confidence 1 + α r on interactions and the missing weight
    /// (1 unless <see cref="AlsOptions.MissingExponent"/> is set) elsewhere; λ_row is λ unless
    /// <see cref="AlsOptions.FrequencyExponent"/> is set.
    /// </summary>
    public double Loss(InteractionMatrix x, AlsFactors factors)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(factors);
        var k = factors.Factors;
        var xt = x.Transpose();
        var missing = MissingWeights(xt, Options.MissingExponent);
        var gram = new float[k * k];
        if (missing is null)
        {
            VectorOps.Gram(factors.Items, k, gram);
        }
        else
        {
            VectorOps.WeightedGram(factors.Items, k, missing, gram);
        }

        var projected = new float[k];
        double loss = 0;
        for (var u = 0; u < x.Rows; u++)
        {
            var xu = factors.Users.AsSpan(u * k, k);
            VectorOps.MatVec(gram, k, xu, projected);
            loss += TensorPrimitives.Dot(xu, projected);
            var cols = x.RowColumns(u);
            var vals = x.RowValues(u);
            for (var a = 0; a < cols.Length; a++)
            {
                double s = TensorPrimitives.Dot(xu, factors.Items.AsSpan(cols[a] * k, k));
                var c = 1.0 + (Options.Alpha * vals[a]);
                loss += missing is null ? (c * (1 - s) * (1 - s)) - (s * s) : (c * (1 - s) * (1 - s)) - (missing[cols[a]] * s * s);
            }
        }

        var (userRidge, itemRidge) = Ridges(x, xt, missing);
        if (userRidge is null || itemRidge is null)
        {
            loss += Options.Regularization * (TensorPrimitives.SumOfSquares(factors.Users) + (double)TensorPrimitives.SumOfSquares(factors.Items));
        }
        else
        {
            loss += RidgeSum(factors.Users, k, userRidge) + RidgeSum(factors.Items, k, itemRidge);
        }

        return loss;
    }

    /// <summary>
    /// The frequency-scaled ridge of every user and every item (<see cref="AlsOptions.FrequencyExponent"/>), or
    /// nulls when ν is 0 (the constant λ).
    /// </summary>
    private (float[]? Users, float[]? Items) Ridges(InteractionMatrix x, InteractionMatrix xt, float[]? missing)
    {
        var o = Options;
        if (o.FrequencyExponent == 0f)
        {
            return (null, null);
        }

        double itemCount = x.Columns;
        var users = new float[x.Rows];
        for (var u = 0; u < users.Length; u++)
        {
            var mass = AlsStep.RowMass(itemCount, x.Columns, x.RowColumns(u), x.RowValues(u), o.Alpha, missing, 1f);
            users[u] = AlsStep.ScaledRidge(o.Regularization, o.FrequencyExponent, mass, itemCount);
        }

        var items = new float[x.Columns];
        for (var i = 0; i < items.Length; i++)
        {
            var own = missing?[i] ?? 1f;
            var mass = AlsStep.RowMass((double)own * x.Rows, x.Rows, xt.RowColumns(i), xt.RowValues(i), o.Alpha, default, own);
            items[i] = AlsStep.ScaledRidge(o.Regularization, o.FrequencyExponent, mass, itemCount);
        }

        return (users, items);
    }

    private static double RidgeSum(float[] rows, int k, float[] ridge)
    {
        double sum = 0;
        for (var r = 0; r < ridge.Length; r++)
        {
            sum += ridge[r] * (double)TensorPrimitives.SumOfSquares(rows.AsSpan(r * k, k));
        }

        return sum;
    }

    // The per-column missing weights of the other side (user step), the per-row missing weights of the solved side
    // (item step) and the per-row ridges; all null in plain iALS.
    private readonly record struct RowWeights(float[]? ColumnMissing, float[]? RowMissing, float[]? Ridge);

    // Solves every row of `target` (rows of m) against the fixed `other` factors.
    private void Sweep(InteractionMatrix m, float[] other, float[] target, float[] gram, RowWeights weights, CancellationToken cancellation)
    {
        var o = Options;
        var k = o.Factors;
        if (weights.ColumnMissing is null)
        {
            VectorOps.Gram(other, k, gram);
        }
        else
        {
            VectorOps.WeightedGram(other, k, weights.ColumnMissing, gram);
        }

        Parallel.For(
            0,
            m.Rows,
            new ParallelOptions { CancellationToken = cancellation },
            () => new float[(k * k) + (4 * k)],
            (r, _, buffer) =>
            {
                var row = target.AsSpan(r * k, k);
                var cols = m.RowColumns(r);
                var vals = m.RowValues(r);
                var b = buffer.AsSpan(k * k, k);
                var lambda = weights.Ridge?[r] ?? o.Regularization;
                var columnMissing = weights.ColumnMissing.AsSpan();
                var rowMissing = weights.RowMissing?[r] ?? 1f;
                AlsStep.RightHandSide(other, k, cols, vals, o.Alpha, b);
                if (o.Solver == AlsSolver.Cg)
                {
                    var op = new AlsStep.Operator(gram, other, k, cols, vals, o.Alpha, lambda, columnMissing, rowMissing);
                    ConjugateGradient.Solve(op, b, row, o.CgSteps, 1e-7f, buffer.AsSpan((k * k) + k, 3 * k));
                }
                else
                {
                    var system = buffer.AsSpan(0, k * k);
                    AlsStep.System(gram, other, k, cols, vals, o.Alpha, lambda, system, columnMissing, rowMissing);
                    if (Cholesky.TryFactor(system, k))
                    {
                        Cholesky.Solve<float>(system, k, b);
                        b.CopyTo(row);
                    }
                }

                return buffer;
            },
            static _ => { });
    }

    private static float[] Uniform(ref Xorshift64Star rng, long count, float scale)
    {
        var values = new float[count];
        for (long a = 0; a < count; a++)
        {
            values[a] = (float)((rng.NextDouble() - 0.5) * 2 * scale);
        }

        return values;
    }
}
