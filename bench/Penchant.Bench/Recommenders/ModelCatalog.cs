using Penchant.Core.Recommenders;
using Penchant.Core.Recommenders.Bpr;
using Penchant.Core.Recommenders.ItemKnn;
using Penchant.Core.Recommenders.Popularity;

namespace Penchant.Bench.Recommenders;

/// <summary>The recommenders the fit-timing and hold-out benches run, by name, with their bench settings.</summary>
public static class ModelCatalog
{
    public static IReadOnlyDictionary<string, Func<IRecommender>> All { get; } = new Dictionary<string, Func<IRecommender>>(StringComparer.Ordinal)
    {
        ["popularity"] = () => new PopularityRecommender(),
        ["itemknn"] = () => new ItemKnnRecommender(),
        ["bpr"] = () => new BprRecommender(),
        ["bpr-2threads"] = () => new BprRecommender(new BprOptions(Threads: 2)),
    };

    /// <summary>The models named in a "--models a,b" argument, or all of them.</summary>
    public static List<(string Name, Func<IRecommender> Create)> Select(string[] args)
    {
        var at = Array.IndexOf(args, "--models");
        var names = at >= 0 ? args[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [.. All.Keys];
        return [.. names.Select(n => (n, All.TryGetValue(n, out var f) ? f : throw new ArgumentException($"unknown model '{n}'; known: {string.Join(", ", All.Keys)}")))];
    }
}
