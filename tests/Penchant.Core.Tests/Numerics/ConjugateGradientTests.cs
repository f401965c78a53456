using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class ConjugateGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(40)]
    public void Converges_to_the_cholesky_solution(int n)
    {
        var a = SpdMatrices.Random(n, 100 + n, shift: 1.0);
        var rng = new Random(n);
        var b = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
        var l = (double[])a.Clone();
        Assert.True(Cholesky.TryFactor<double>(l, n));
        var exact = b.Select(v => (double)v).ToArray();
        Cholesky.Solve<double>(l, n, exact);

        var x = new float[n];
        var work = new float[ConjugateGradient.WorkspaceLength(n)];
        var steps = ConjugateGradient.Solve(new DenseOperator(SpdMatrices.ToFloat(a), n), b, x, maxSteps: 3 * n, tolerance: 1e-6f, work);
        Assert.InRange(steps, 1, 3 * n);
        for (var i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(x[i] - exact[i]) < 1e-4 * (1 + Math.Abs(exact[i])), $"x[{i}] = {x[i]}, expected {exact[i]}");
        }
    }

    [Fact]
    public void Each_step_lowers_the_energy_error_and_a_warm_start_at_the_solution_takes_no_step()
    {
        const int n = 30;
        var a = SpdMatrices.Random(n, 77, shift: 0.2);
        var af = SpdMatrices.ToFloat(a);
        var rng = new Random(1);
        var b = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        var l = (double[])a.Clone();
        Assert.True(Cholesky.TryFactor<double>(l, n));
        var exact = b.Select(v => (double)v).ToArray();
        Cholesky.Solve<double>(l, n, exact);

        var x = new float[n];
        var work = new float[ConjugateGradient.WorkspaceLength(n)];
        var previous = EnergyError(a, exact, x, n);
        for (var step = 0; step < 8; step++)
        {
            Assert.Equal(1, ConjugateGradient.Solve(new DenseOperator(af, n), b, x, maxSteps: 1, tolerance: 0f, work));
            var now = EnergyError(a, exact, x, n);
            Assert.True(now < previous, $"step {step}: energy error {now} did not drop below {previous}");
            previous = now;
        }

        var solved = exact.Select(v => (float)v).ToArray();
        Assert.Equal(0, ConjugateGradient.Solve(new DenseOperator(af, n), b, solved, maxSteps: 5, tolerance: 1e-3f, work));
    }

    private static double EnergyError(double[] a, double[] exact, float[] x, int n)
    {
        var e = exact.Select((v, i) => v - x[i]).ToArray();
        double s = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                s += e[i] * a[(i * n) + j] * e[j];
            }
        }

        return s;
    }
}
