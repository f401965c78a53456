using Penchant.Core.Data;

namespace Penchant.Core.Recommenders.Popularity;

/// <summary>Options for <see cref="PopularityRecommender"/>.</summary>
/// <param name="CountUsers">Count distinct shoppers per item instead of summing (time-decayed) evidence weights.</param>
public sealed record PopularityOptions(bool CountUsers = false);

/// <summary>
/// Recommends the most popular items to everyone. Popularity is the column sum of the interaction matrix,
/// whose weights are already time-decayed when the matrix is built, so recent activity counts more.
/// </summary>
public sealed class PopularityRecommender(PopularityOptions? options = null) : IRecommender
{
    public PopularityOptions Options { get; } = options ?? new PopularityOptions();

    public string Name => PopularityModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        var matrix = data.Matrix;
        var popularity = new float[matrix.Columns];
        var columns = matrix.ColumnIndices;
        var values = matrix.Values;
        for (var k = 0; k < columns.Length; k++)
        {
            popularity[columns[k]] += Options.CountUsers ? 1f : values[k];
        }

        return new PopularityModel(popularity);
    }
}

/// <summary>A trained popularity model: one score per item.</summary>
public sealed class PopularityModel : IRecommenderModel
{
    public const string KindName = "popularity";

    private readonly float[] _popularity;

    public PopularityModel(float[] popularity) => _popularity = popularity;

    public string Kind => KindName;

    public int ItemCount => _popularity.Length;

    /// <summary>The popularity of each item.</summary>
    public ReadOnlySpan<float> Popularity => _popularity;

    public void Score(UserQuery query, Span<float> scores) => _popularity.CopyTo(scores);

    public void ScoreSimilar(int item, Span<float> scores) => _popularity.CopyTo(scores);

    public void Write(BinaryWriter writer) => ModelFile.WriteArray(writer, _popularity);

    public static PopularityModel Read(BinaryReader reader) => new(ModelFile.ReadFloats(reader));
}
