using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

public sealed class LbfgsTests
{
    [Fact]
    public void Finds_the_minimum_of_the_Rosenbrock_function()
    {
        static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
        {
            var a = 1 - x[0];
            var b = x[1] - (x[0] * x[0]);
            g[0] = (-2 * a) - (400 * x[0] * b);
            g[1] = 200 * b;
            return (a * a) + (100 * b * b);
        }

        var x = new[] { -1.2, 1.0 };
        var result = Lbfgs.Minimize(Rosenbrock, x, maxIterations: 500, tolerance: 1e-8);
        Assert.True(result.Converged);
        Assert.Equal(1.0, x[0], 4);
        Assert.Equal(1.0, x[1], 4);
    }

    [Fact]
    public void Solves_a_quadratic_like_the_exact_solution()
    {
        // f(x) = 1/2 x'Ax - b'x with A = [[4, 1], [1, 3]], b = [1, 2]: x* = A^-1 b = [1/11, 7/11].
        static double Quadratic(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = (4 * x[0]) + x[1] - 1;
            g[1] = x[0] + (3 * x[1]) - 2;
            return (0.5 * ((4 * x[0] * x[0]) + (2 * x[0] * x[1]) + (3 * x[1] * x[1]))) - x[0] - (2 * x[1]);
        }

        var x = new[] { 5.0, -5.0 };
        Lbfgs.Minimize(Quadratic, x, tolerance: 1e-10);
        Assert.Equal(1.0 / 11, x[0], 6);
        Assert.Equal(7.0 / 11, x[1], 6);
    }
}
