using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Numerics;

namespace Penchant.Core.Recommenders.Ease;

/// <summary>Options for <see cref="EaseRecommender"/>.</summary>
/// <param name="Lambda">The L2 weight added to the Gram matrix's diagonal.</param>
/// <param name="Binary">Treat every interaction, in training and in queries, as 1 instead of its evidence weight.</param>
public sealed record EaseOptions(float Lambda = 500f, bool Binary = true);

/// <summary>
/// EASE^R: a shallow item-to-item autoencoder B with a zero diagonal, fitted in closed form.
/// </summary>
/// <remarks>
/// Steck, "Embarrassingly shallow autoencoders for sparse data", WWW 2019. With G = XᵀX + λI and P = G⁻¹,
/// the minimiser of |X - XB|² + λ|B|² subject to diag(B) = 0 is B = I - P diag(1 / diag(P)), i.e.
/// B_ij = -P_ij / P_jj off the diagonal. G is accumulated from each item's users (one row of G per item, so
/// the parallel loop is deterministic) and inverted by <see cref="SpdInverse"/>. Memory and time are O(n²) and
/// O(n³) in the item count n, so this suits catalogues up to some tens of thousands of items.
/// </remarks>
public sealed class EaseRecommender(EaseOptions? options = null) : IRecommender
{
    public EaseOptions Options { get; } = options ?? new EaseOptions();

    public string Name => EaseModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.Lambda);
        var x = Options.Binary ? data.Matrix.Binarize() : data.Matrix;
        var xt = x.Transpose();
        var n = x.Columns;
        var g = new float[(long)n * n];

        // Row i of XᵀX is Σ_{u ∋ i} x_ui x_u: every row has its own writer.
        Parallel.For(0, n, new ParallelOptions { CancellationToken = context.Cancellation }, i =>
        {
            var row = g.AsSpan(i * n, n);
            var users = xt.RowColumns(i);
            var weights = xt.RowValues(i);
            for (var a = 0; a < users.Length; a++)
            {
                var wi = weights[a];
                var cols = x.RowColumns(users[a]);
                var vals = x.RowValues(users[a]);
                for (var b = 0; b < cols.Length; b++)
                {
                    row[cols[b]] += wi * vals[b];
                }
            }

            row[i] += Options.Lambda;
        });
        context.Report("ease gram", 0.3);
        context.Cancellation.ThrowIfCancellationRequested();

        if (!SpdInverse.TryInvert<float>(g, n))
        {
            throw new InvalidOperationException("The regularised Gram matrix is not positive definite; increase Lambda.");
        }

        context.Report("ease inverse", 0.9);
        var diagonal = new float[n];
        for (var j = 0; j < n; j++)
        {
            diagonal[j] = g[((long)j * n) + j];
        }

        // B = -P / diag(P) column-wise, diag(B) = 0.
        Parallel.For(0, n, new ParallelOptions { CancellationToken = context.Cancellation }, i =>
        {
            var row = g.AsSpan(i * n, n);
            TensorPrimitives.Divide(row, diagonal, row);
            TensorPrimitives.Negate(row, row);
            row[i] = 0f;
        });
        context.Report("ease", 1.0);
        return new EaseModel(n, g, Options.Binary);
    }
}
