using System.Numerics.Tensors;
using Penchant.Core.Data;
using Penchant.Core.Embeddings;

namespace Penchant.Core.Recommenders.Content;

/// <summary>Which item embedding the content recommender compares.</summary>
public enum ContentSource
{
    /// <summary>Projected TF-IDF/BM25 text embeddings only: every item with text is scored alike, cold or not.</summary>
    Text,

    /// <summary>Text plus item2vec behaviour, with the behaviour part of text-only items predicted from their text.</summary>
    Combined,
}

/// <summary>Options for <see cref="ContentRecommender"/>.</summary>
/// <param name="Source">Text-only or combined embeddings.</param>
/// <param name="RecencyHalfLife">
/// How many later history steps halve an item's weight in the shopper profile (the newest item weighs 1, the one
/// <c>RecencyHalfLife</c> steps earlier 0.5); 0 or less weighs every step alike.
/// </param>
/// <param name="Embeddings">How the embeddings are built.</param>
public sealed record ContentOptions(
    ContentSource Source = ContentSource.Text,
    float RecencyHalfLife = 10f,
    ItemEmbeddingOptions? Embeddings = null);

/// <summary>
/// Content-based recommendation: a shopper's profile is the recency-weighted sum of the embeddings of the
/// items in their history, and every item is scored by its cosine to that profile. Items need only text to be
/// scored, so items no one has interacted with yet are recommended as readily as old ones (cold start).
/// </summary>
/// <remarks>
/// The classic content-based scheme of Pazzani and Billsus, "Content-based recommendation systems", The
/// Adaptive Web, 2007: a profile vector in the item representation space, matched by cosine. The catalogue
/// is passed in because the interaction data holds ids only; items of the data missing from the catalogue
/// get a zero embedding and score 0.
/// </remarks>
public sealed class ContentRecommender : IRecommender
{
    private readonly IReadOnlyList<Item> _catalogue;
    private readonly ItemEmbeddings? _text;

    /// <summary>
    /// A content recommender over <paramref name="catalogue"/> (matched to the data's item ids at fit time).
    /// <paramref name="text"/>, when given, are the items' text embeddings from elsewhere (a large model behind an
    /// embeddings endpoint), in the order of the data it will be fitted on; they replace the hashed TF-IDF projections
    /// when their item count matches the data's.
    /// </summary>
    public ContentRecommender(IReadOnlyList<Item> catalogue, ContentOptions? options = null, ItemEmbeddings? text = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        _catalogue = catalogue;
        _text = text;
        Options = options ?? new ContentOptions();
    }

    public ContentOptions Options { get; }

    public string Name => ContentModel.KindName;

    public IRecommenderModel Fit(InteractionData data, TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        var items = ItemEmbeddingBuilder.Align(data.Items, _catalogue);
        var builder = new ItemEmbeddingBuilder(Options.Embeddings);
        context.Report("content embeddings", 0);
        var text = _text is { } given && given.ItemCount == data.ItemCount ? given : null;
        var embeddings = Options.Source == ContentSource.Text
            ? text ?? builder.BuildText(items, context.Cancellation).Embeddings
            : builder.Build(items, data.Sequences, context.Seed, context.Cancellation, text).Combined;
        context.Report("content embeddings", 1);
        return new ContentModel(embeddings, Options.RecencyHalfLife);
    }
}

/// <summary>A trained content model: the item embedding table and the profile's recency half-life.</summary>
public sealed class ContentModel : IRecommenderModel, IItemPairSimilarity
{
    public const string KindName = "content";

    public ContentModel(ItemEmbeddings embeddings, float recencyHalfLife)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        Embeddings = embeddings;
        RecencyHalfLife = recencyHalfLife;
    }

    public string Kind => KindName;

    public int ItemCount => Embeddings.ItemCount;

    /// <summary>The item embeddings (unit or zero rows).</summary>
    public ItemEmbeddings Embeddings { get; }

    /// <summary>History steps per halving of weight in the profile.</summary>
    public float RecencyHalfLife { get; }

    /// <summary>
    /// The shopper's unit profile vector: the sum over the history sequence (or, without one, the items and
    /// their weights) of 0.5^(steps from the newest / half-life) times the item's embedding.
    /// </summary>
    public float[] Profile(UserQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var profile = new float[Embeddings.Dimensions];
        if (query.Sequence.Length > 0)
        {
            var last = query.Sequence.Length - 1;
            for (var t = 0; t <= last; t++)
            {
                var item = query.Sequence[t];
                if ((uint)item < (uint)ItemCount)
                {
                    var w = RecencyHalfLife > 0f ? MathF.Pow(0.5f, (last - t) / RecencyHalfLife) : 1f;
                    TensorPrimitives.MultiplyAdd(Embeddings.Row(item), w, profile, profile);
                }
            }
        }
        else
        {
            for (var h = 0; h < query.Items.Length; h++)
            {
                var item = query.Items[h];
                if ((uint)item < (uint)ItemCount && h < query.Weights.Length && query.Weights[h] > 0f)
                {
                    TensorPrimitives.MultiplyAdd(Embeddings.Row(item), query.Weights[h], profile, profile);
                }
            }
        }

        var norm = TensorPrimitives.Norm(profile);
        if (norm > 0f)
        {
            TensorPrimitives.Divide(profile, norm, profile);
        }

        return profile;
    }

    public void Score(UserQuery query, Span<float> scores) => Embeddings.DotAll(Profile(query), scores);

    public void ScoreSimilar(int item, Span<float> scores)
    {
        if ((uint)item >= (uint)ItemCount)
        {
            scores.Clear();
            return;
        }

        Embeddings.DotAll(Embeddings.Row(item), scores);
    }

    public float Similarity(int a, int b) =>
        (uint)a < (uint)ItemCount && (uint)b < (uint)ItemCount ? TensorPrimitives.Dot(Embeddings.Row(a), Embeddings.Row(b)) : 0f;

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Embeddings.ItemCount);
        writer.Write(Embeddings.Dimensions);
        writer.Write(RecencyHalfLife);
        ModelFile.WriteArray(writer, Embeddings.Values);
    }

    public static ContentModel Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var items = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        var halfLife = reader.ReadSingle();
        var values = ModelFile.ReadFloats(reader);
        return new ContentModel(new ItemEmbeddings(items, dimensions, values), halfLife);
    }
}
