namespace Penchant.Core.Profiles;

/// <summary>One thing a shopper can be interested in: a kind and a value, e.g. (Brand, "Northpeak").</summary>
/// <param name="Kind">What the value names.</param>
/// <param name="Value">The category path text, brand, tag or keyword.</param>
public readonly record struct Facet(FacetKind Kind, string Value) : IComparable<Facet>
{
    public static Facet Category(string path) => new(FacetKind.Category, path);

    public static Facet Brand(string brand) => new(FacetKind.Brand, brand);

    public static Facet Tag(string tag) => new(FacetKind.Tag, tag);

    public static Facet Keyword(string keyword) => new(FacetKind.Keyword, keyword);

    /// <summary>An interest cluster, by its readable label.</summary>
    public static Facet Cluster(string label) => new(FacetKind.Cluster, label);

    /// <summary>Orders by kind, then value (ordinal), so that ties rank the same way everywhere.</summary>
    public int CompareTo(Facet other) =>
        Kind != other.Kind ? Kind.CompareTo(other.Kind) : string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Kind switch
    {
        FacetKind.Category => Value,
        FacetKind.Cluster => $"interest {Value}",
        _ => $"{Kind.ToString().ToLowerInvariant()} {Value}",
    };

    public static bool operator <(Facet left, Facet right) => left.CompareTo(right) < 0;

    public static bool operator <=(Facet left, Facet right) => left.CompareTo(right) <= 0;

    public static bool operator >(Facet left, Facet right) => left.CompareTo(right) > 0;

    public static bool operator >=(Facet left, Facet right) => left.CompareTo(right) >= 0;
}
