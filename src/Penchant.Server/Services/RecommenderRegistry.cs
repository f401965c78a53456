using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Bpr;
using Penchant.Core.Recommenders.Ease;
using Penchant.Core.Recommenders.Hybrid;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Server.Services;

/// <summary>
/// The recommenders the server can train, by name. The configured name (<c>Penchant:Recommender</c>) picks one;
/// more are added with <see cref="Add"/> at start-up, e.g. a hybrid.
/// </summary>
public sealed class RecommenderRegistry
{
    private readonly Dictionary<string, Func<IRecommender>> _factories = new(StringComparer.OrdinalIgnoreCase)
    {
        [ItemKnnModel.KindName] = static () => new ItemKnnRecommender(),
        [PopularityModel.KindName] = static () => new PopularityRecommender(),

        // EASE keeps a dense items x items matrix: right for catalogues up to some tens of thousands of items.
        [EaseModel.KindName] = static () => new EaseRecommender(),
        [BprModel.KindName] = static () => new BprRecommender(),
        [HybridModel.KindName] = static () => new HybridRecommender(new HybridOptions(
            [(new EaseRecommender(), 0.7), (new ItemKnnRecommender(), 0.3)])),
    };

    /// <summary>The registered names.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Registers (or replaces) a recommender under <paramref name="name"/>.</summary>
    public RecommenderRegistry Add(string name, Func<IRecommender> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[name] = factory;
        return this;
    }

    public bool Contains(string name) => _factories.ContainsKey(name);

    /// <summary>A fresh recommender of the named kind.</summary>
    public IRecommender Create(string name) =>
        _factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown recommender '{name}'; known: {string.Join(", ", Names)}.", nameof(name));
}
