namespace Penchant.Core.Evaluation;

/// <summary>Intersection size of two ascending, distinct int sequences.</summary>
internal static class SortedIntersection
{
    public static int Count(ReadOnlySpan<int> x, ReadOnlySpan<int> y)
    {
        var i = 0;
        var j = 0;
        var count = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                count++;
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return count;
    }
}
