using System.Numerics.Tensors;
using Penchant.Core.Clustering;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Segments;

/// <summary>Options for <see cref="ShopperSegmenter"/>.</summary>
/// <param name="Segments">How many segments (fewer when there are fewer shoppers).</param>
/// <param name="TopInterests">How many interests describe each segment.</param>
/// <param name="MaxIterations">k-means rounds at most.</param>
public sealed record SegmentOptions(int Segments = 8, int TopInterests = 3, int MaxIterations = 30);

/// <summary>One interest of a segment and its share of the members' evidence.</summary>
public sealed record SegmentInterest(string Interest, double Share);

/// <summary>A group of shoppers with a similar mix of interests.</summary>
/// <param name="Id">0 for the largest segment, then by size.</param>
/// <param name="Label">The top two interests, e.g. "Running / Outdoor" (interest cluster labels may hold "&amp;" themselves).</param>
/// <param name="Members">Dense user indices, ascending.</param>
/// <param name="TopInterests">The interests with the largest mean share among the members.</param>
public sealed record ShopperSegment(int Id, string Label, IReadOnlyList<int> Members, IReadOnlyList<SegmentInterest> TopInterests);

/// <summary>
/// Shopper segments: each shopper's evidence is summed per interest (an interest cluster or a category of the items
/// they took, weighted as in training), the mix is normalised, and spherical k-means groups shoppers whose mixes point
/// the same way, so a segment is "shoppers whose interests are mostly X and Y" whatever their activity. Each segment is
/// described by the interests with the largest mean share among its members.
/// </summary>
public sealed class ShopperSegmenter(SegmentOptions? options = null)
{
    public SegmentOptions Options { get; } = Validate(options ?? new SegmentOptions());

    /// <summary>
    /// Segments the training shoppers of <paramref name="data"/> for whom <paramref name="eligible"/> holds (all when
    /// null). <paramref name="interestOf"/> gives each item's interest (an index into <paramref name="interests"/>, or
    /// -1); shoppers without any item of an interest are left out.
    /// </summary>
    public IReadOnlyList<ShopperSegment> Fit(
        InteractionData data, IReadOnlyList<int> interestOf, IReadOnlyList<string> interests, int seed, Func<int, bool>? eligible = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(interestOf);
        ArgumentNullException.ThrowIfNull(interests);
        var d = Math.Max(1, interests.Count);
        var mixes = new float[data.UserCount * d];
        for (var u = 0; u < data.UserCount; u++)
        {
            if (eligible is not null && !eligible(u))
            {
                continue;
            }

            var row = mixes.AsSpan(u * d, d);
            var items = data.Matrix.RowColumns(u);
            var weights = data.Matrix.RowValues(u);
            for (var k = 0; k < items.Length; k++)
            {
                var interest = (uint)items[k] < (uint)interestOf.Count ? interestOf[items[k]] : -1;
                if ((uint)interest < (uint)interests.Count && weights[k] > 0)
                {
                    row[interest] += weights[k];
                }
            }

            var total = TensorPrimitives.Sum(row);
            if (total > 0)
            {
                TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
            }
        }

        var result = new SphericalKMeans(new KMeansOptions(Options.Segments, Options.MaxIterations))
            .Fit(new ItemEmbeddings(data.UserCount, d, mixes), seed, cancellation: cancellation);
        var segments = new List<(int[] Members, double[] Share)>();
        for (var c = 0; c < result.ClusterCount; c++)
        {
            var members = Enumerable.Range(0, data.UserCount).Where(u => result.Assignments[u] == c).ToArray();
            if (members.Length == 0)
            {
                continue;
            }

            // Mean share (L1 per shopper) of each interest among the members.
            var share = new double[d];
            foreach (var u in members)
            {
                var row = mixes.AsSpan(u * d, d);
                var sum = TensorPrimitives.Sum(row);
                for (var g = 0; g < d; g++)
                {
                    share[g] += row[g] / sum / members.Length;
                }
            }

            segments.Add((members, share));
        }

        return [.. segments
            .OrderByDescending(static s => s.Members.Length)
            .ThenBy(static s => s.Members[0])
            .Select((s, id) =>
            {
                var top = Enumerable.Range(0, interests.Count)
                    .Where(g => s.Share[g] > 0)
                    .OrderByDescending(g => s.Share[g])
                    .ThenBy(static g => g)
                    .Take(Options.TopInterests)
                    .Select(g => new SegmentInterest(interests[g], Math.Round(s.Share[g], 4)))
                    .ToList();
                return new ShopperSegment(id, string.Join(" / ", top.Take(2).Select(static t => t.Interest)), s.Members, top);
            })];
    }

    private static SegmentOptions Validate(SegmentOptions options)
    {
        if (options.Segments < 1 || options.TopInterests < 1 || options.MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Segments, TopInterests and MaxIterations must be at least 1; they were {options.Segments}, {options.TopInterests}, {options.MaxIterations}.");
        }

        return options;
    }
}
