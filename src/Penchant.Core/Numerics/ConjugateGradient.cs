using System.Numerics.Tensors;

namespace Penchant.Core.Numerics;

/// <summary>A symmetric positive definite linear operator y = A x, applied without forming A when that is cheaper.</summary>
public interface ILinearOperator
{
    /// <summary>The dimension n of the square operator.</summary>
    int Dimension { get; }

    /// <summary>Writes A x into <paramref name="result"/> (length <see cref="Dimension"/>).</summary>
    void Apply(ReadOnlySpan<float> x, Span<float> result);
}

/// <summary>A dense row-major symmetric matrix as an <see cref="ILinearOperator"/>.</summary>
public readonly ref struct DenseOperator : ILinearOperator
{
    private readonly ReadOnlySpan<float> _matrix;

    public DenseOperator(ReadOnlySpan<float> matrix, int n)
    {
        Cholesky.CheckSquare(matrix.Length, n);
        _matrix = matrix;
        Dimension = n;
    }

    public int Dimension { get; }

    public void Apply(ReadOnlySpan<float> x, Span<float> result) => VectorOps.MatVec(_matrix[..(Dimension * Dimension)], Dimension, x, result);
}

/// <summary>
/// The conjugate-gradient method for A x = b with A symmetric positive definite, warm-started from the x given
/// and allocation-free (the caller supplies the workspace).
/// </summary>
/// <remarks>
/// Hestenes and Stiefel, "Methods of conjugate gradients for solving linear systems", J. Res. NBS 1952. Used
/// with a few steps from the previous solution as the inexact ALS step of Takács, Pilászy and Tikk, "Applications
/// of the conjugate gradient method for implicit feedback collaborative filtering", RecSys 2011.
/// </remarks>
public static class ConjugateGradient
{
    /// <summary>The workspace length <see cref="Solve"/> needs for dimension <paramref name="n"/>.</summary>
    public static int WorkspaceLength(int n) => 3 * n;

    /// <summary>
    /// Improves <paramref name="x"/> towards the solution of A x = b with at most <paramref name="maxSteps"/>
    /// steps, stopping early once the residual norm is at most <paramref name="tolerance"/> times the norm of b.
    /// Returns the number of steps taken.
    /// </summary>
    public static int Solve<TOperator>(in TOperator op, ReadOnlySpan<float> b, Span<float> x, int maxSteps, float tolerance, Span<float> workspace)
        where TOperator : ILinearOperator, allows ref struct
    {
        var n = op.Dimension;
        if (b.Length != n || x.Length != n)
        {
            throw new ArgumentException($"b and x must both have the operator's dimension {n}.");
        }

        if (workspace.Length < WorkspaceLength(n))
        {
            throw new ArgumentException($"The workspace needs {WorkspaceLength(n)} floats.", nameof(workspace));
        }

        var r = workspace[..n];
        var p = workspace.Slice(n, n);
        var ap = workspace.Slice(2 * n, n);

        // r = b - A x; p = r.
        op.Apply(x, ap);
        TensorPrimitives.Subtract(b, ap, r);
        r.CopyTo(p);
        var rr = TensorPrimitives.Dot(r, r);
        var stop = tolerance * tolerance * TensorPrimitives.Dot(b, b);
        var steps = 0;
        while (steps < maxSteps && rr > stop)
        {
            op.Apply(p, ap);
            var pap = TensorPrimitives.Dot(p, ap);
            if (!(pap > 0f))
            {
                break;
            }

            var alpha = rr / pap;
            TensorPrimitives.MultiplyAdd(p, alpha, x, x);
            TensorPrimitives.MultiplyAdd(ap, -alpha, r, r);
            var next = TensorPrimitives.Dot(r, r);
            TensorPrimitives.MultiplyAdd(p, next / rr, r, p);
            rr = next;
            steps++;
        }

        return steps;
    }
}
