namespace Penchant.Core.Tests.Numerics;

/// <summary>Random symmetric positive definite test matrices, generated in double.</summary>
internal static class SpdMatrices
{
    /// <summary>A = M Mᵀ / n + shift I for a random n x n M with entries in [-1, 1); row-major, both triangles.</summary>
    public static double[] Random(int n, int seed, double shift = 0.5)
    {
        var rng = new Random(seed);
        var m = new double[n * n];
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = (rng.NextDouble() * 2) - 1;
        }

        var a = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++)
                {
                    s += m[(i * n) + k] * m[(j * n) + k];
                }

                a[(i * n) + j] = a[(j * n) + i] = (s / n) + (i == j ? shift : 0);
            }
        }

        return a;
    }

    public static float[] ToFloat(double[] a) => [.. a.Select(v => (float)v)];

    public static T[] As<T>(double[] a)
        where T : System.Numerics.IFloatingPointIeee754<T> => [.. a.Select(T.CreateChecked)];

    /// <summary>Fills the strict upper triangle with garbage, to prove a routine reads only the lower one.</summary>
    public static void SpoilUpper<T>(T[] a, int n)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                a[(i * n) + j] = T.CreateChecked(1e6);
            }
        }
    }

    /// <summary>The largest absolute entry of A B - I for row-major n x n A and B, in double.</summary>
    public static double IdentityError<T>(double[] a, T[] b, int n)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var worst = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++)
                {
                    s += a[(i * n) + k] * double.CreateChecked(b[(k * n) + j]);
                }

                worst = Math.Max(worst, Math.Abs(s - (i == j ? 1 : 0)));
            }
        }

        return worst;
    }
}
