namespace Penchant.Core.Profiles;

/// <summary>What an interest is about. New kinds slot in without changing the profile's shape.</summary>
public enum FacetKind
{
    /// <summary>A category path, leaf or ancestor ("Sports > Running > Trail shoes", "Sports").</summary>
    Category,

    /// <summary>A brand.</summary>
    Brand,

    /// <summary>A catalogue tag (material, colour, style...).</summary>
    Tag,

    /// <summary>A search keyword, lower-cased.</summary>
    Keyword,

    /// <summary>An interest cluster found by a clustering model, by its label (when the builder is given item clusters).</summary>
    Cluster,
}
