namespace Penchant.Core.Recommenders;

/// <summary>
/// A model whose score for an item is the item's factor row · the shopper's vector, plus the item's bias. Such a
/// model can be ranked in one fused pass over its item rows (<see cref="Numerics.FactorTopK"/>) without writing a
/// score for every item: <see cref="RecommenderModelExtensions.Recommend"/> takes that path for it.
/// </summary>
public interface IFactorModel : IRecommenderModel
{
    /// <summary>Latent dimensions: the length of a row of <see cref="ItemFactorRows"/> and of a user vector.</summary>
    int Factors { get; }

    /// <summary>The item factors, row-major: <see cref="IRecommenderModel.ItemCount"/> rows of <see cref="Factors"/>.</summary>
    ReadOnlyMemory<float> ItemFactorRows { get; }

    /// <summary>One additive bias per item, or empty for none.</summary>
    ReadOnlyMemory<float> ItemBiases { get; }

    /// <summary>
    /// Writes the shopper's vector for <paramref name="query"/> into <paramref name="user"/> (at least
    /// <see cref="Factors"/> long), the one <see cref="IRecommenderModel.Score"/> multiplies the item rows by.
    /// </summary>
    void UserVector(UserQuery query, Span<float> user);
}
