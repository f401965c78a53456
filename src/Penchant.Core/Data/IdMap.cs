namespace Penchant.Core.Data;

/// <summary>
/// Maps external string ids to dense ints 0..Count-1 and back. Not thread-safe while being added to;
/// safe for concurrent reads once built.
/// </summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _index;
    private readonly List<string> _ids;

    public IdMap()
    {
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        _ids = [];
    }

    public IdMap(IEnumerable<string> ids)
        : this()
    {
        foreach (var id in ids)
        {
            GetOrAdd(id);
        }
    }

    /// <summary>How many ids are mapped.</summary>
    public int Count => _ids.Count;

    /// <summary>The external ids in dense order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The dense index of <paramref name="id"/>, adding it when new.</summary>
    public int GetOrAdd(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_index.TryGetValue(id, out var index))
        {
            return index;
        }

        index = _ids.Count;
        _index.Add(id, index);
        _ids.Add(id);
        return index;
    }

    /// <summary>The dense index of <paramref name="id"/>, or -1 when unknown.</summary>
    public int IndexOf(string id) => _index.TryGetValue(id, out var index) ? index : -1;

    /// <summary>Whether <paramref name="id"/> is mapped.</summary>
    public bool Contains(string id) => _index.ContainsKey(id);

    /// <summary>The external id of dense index <paramref name="index"/>.</summary>
    public string this[int index] => _ids[index];
}
