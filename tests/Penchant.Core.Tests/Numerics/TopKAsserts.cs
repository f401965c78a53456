using Penchant.Core.Numerics;

namespace Penchant.Core.Tests.Numerics;

/// <summary>Random factor data, and the check that a fast top-K kept what the scalar reference keeps.</summary>
internal static class TopKAsserts
{
    /// <summary><paramref name="count"/> values uniform in [-0.5, 0.5).</summary>
    public static float[] Uniform(Random rng, int count) => [.. Enumerable.Range(0, count).Select(_ => (float)(rng.NextDouble() - 0.5))];

    /// <summary>The dot product in double precision.</summary>
    public static double ExactDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += (double)a[j] * b[j];
        }

        return sum;
    }

    /// <summary>
    /// The first <paramref name="found"/> entries of <paramref name="fast"/> hold the items the reference's first
    /// <paramref name="expected"/> entries hold, best first, with the same scores (to 1e-4), none of them excluded.
    /// </summary>
    public static void SameAsReference(ScoredItem[] fast, int found, ScoredItem[] reference, int expected, int[] excluded)
    {
        Assert.Equal(expected, found);
        var fastSorted = fast.Take(found).OrderByDescending(static s => s.Score).ToArray();
        var plainSorted = reference.Take(expected).OrderByDescending(static s => s.Score).ToArray();
        Assert.Equal(plainSorted.Select(static s => s.Item), fastSorted.Select(static s => s.Item));
        for (var a = 0; a < found; a++)
        {
            Assert.Equal(plainSorted[a].Score, fastSorted[a].Score, 1e-4f);
            Assert.DoesNotContain(fastSorted[a].Item, excluded);
        }
    }
}
