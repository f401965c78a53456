using Penchant.Core.Recommenders;

namespace Penchant.Core.Evaluation;

/// <summary>A model the evaluation can run: its name and the grid of configurations to choose from.</summary>
/// <param name="Name">The name typed on the command line, e.g. "itemknn".</param>
/// <param name="Candidates">The configurations; the first is the default when nothing is tuned.</param>
public sealed record ModelCatalogEntry(string Name, IReadOnlyList<ModelCandidate> Candidates)
{
    /// <summary>
    /// An entry whose grid is a list of options records; each candidate is labelled with its options'
    /// <c>ToString()</c>, so a record prints its settings.
    /// </summary>
    public static ModelCatalogEntry Grid<TOptions>(string name, IEnumerable<TOptions> grid, Func<TOptions, IRecommender> create)
        where TOptions : notnull
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(create);
        return new ModelCatalogEntry(name, [.. grid.Select(o => new ModelCandidate(o.ToString() ?? name, create(o)))]);
    }
}
